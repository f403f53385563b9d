// RosterSandbox
