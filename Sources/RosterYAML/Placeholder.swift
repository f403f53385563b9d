// RosterYAML
