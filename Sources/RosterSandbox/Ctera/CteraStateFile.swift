/// The CTERA emulator's state file.
let CteraStateFile = StateFile<CteraState>(format: "roster-sandbox-ctera/1", vendor: "CTERA")
