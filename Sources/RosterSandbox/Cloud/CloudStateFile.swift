/// The cloud emulator's state file.
let CloudStateFile = StateFile<CloudState>(format: "roster-sandbox-cloud/1", vendor: "cloud")
