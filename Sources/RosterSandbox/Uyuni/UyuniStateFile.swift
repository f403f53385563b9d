/// The Uyuni emulator's state file.
let UyuniStateFile = StateFile<UyuniState>(format: "roster-sandbox-uyuni/1", vendor: "Uyuni")
