// RosterCore
