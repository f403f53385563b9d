// RosterRuntime
