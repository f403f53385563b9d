// RosterUyuni
