import ArgumentParser
import Foundation
import Logging
import RosterCore
import RosterRuntime

// The options several commands share, each declared once here and taken by `@OptionGroup` by the
// commands it applies to. A command lists its groups in this order (its own options after), so
// every command's help shows them alike.

/// `-c/--config`: every command that reads a config (all but `sandbox`).
struct ConfigOptions: ParsableArguments {
    @Option(name: [.customShort("c"), .customLong("config")],
            help: ArgumentHelp("The config: a YAML file, or a folder of them merged.", valueName: "config"))
    var path = "roster.yaml"
}

/// `--log-level`: every command that contacts backends or reads a config.
struct LogOptions: ParsableArguments {
    @Option(name: .customLong("log-level"), help: "How much to log to stderr. Secrets are never logged.")
    var logLevel: Logger.Level = .warning
}

/// `--target` and `--exclude`: the commands that plan (and `validate`, which loads as they do).
struct SelectionOptions: ParsableArguments {
    @Option(name: .customLong("target"), help: "Work on BACKEND[/KIND[/KEY]] only (repeatable); what it needs comes along.")
    var targets: [String] = []

    @Option(name: .customLong("exclude"), help: "Leave out BACKEND[/KIND[/KEY]] (repeatable).")
    var excludes: [String] = []
}

/// `--force`: the commands that check the safety rails, `plan` and `apply`.
struct RailOptions: ParsableArguments {
    @Option(name: .customLong("force"),
            help: ArgumentHelp("Lift this safety rail for plan and apply (repeatable).", valueName: "rail"))
    var forced: [Rail] = []
}

/// `--secrets-dir`: every command that reads a config's `${file:PATH}` secrets.
struct SecretsOptions: ParsableArguments {
    @Option(name: .customLong("secrets-dir"),
            help: ArgumentHelp("A folder '${file:PATH}' may read besides the config's (repeatable).", valueName: "dir"))
    var secretsDirectories: [String] = []
}

/// `--now`: the commands that read `until:` days.
struct DayOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Take this day as today for 'until:' (YYYY-MM-DD), for reproducible plans.",
                               valueName: "date"))
    var now: CalendarDay?
}

/// An output format a command offers with `--format`: its values, its default and what each is for.
protocol OutputFormat: ExpressibleByArgument, CaseIterable, Sendable {
    static var standard: Self { get }
    static var help: String { get }
}

/// `--format`, over the formats of the command (`plan`, `report`).
struct FormatOptions<Format: OutputFormat>: ParsableArguments {
    @Option(help: ArgumentHelp(Format.help))
    var format: Format = Format.standard
}

enum PlanFormat: String, OutputFormat {
    case text, json, markdown
    static let standard = PlanFormat.text
    static let help = "Output format: text (a review diff), json, or markdown (for a pull-request comment)."
}

enum ReportFormat: String, OutputFormat {
    case markdown, csv, json
    static let standard = ReportFormat.markdown
    static let help = "Output format: markdown (for an issue), csv (one row per account), or json (schemas/report.schema.json)."
}

extension Runner {
    /// A command's runner, as its option groups say: logging set up, the secrets folders, the
    /// rails lifted, today's date; warnings are printed on stderr as soon as they are known.
    init(log: LogOptions, secrets: SecretsOptions, rails: RailOptions? = nil, day: DayOptions? = nil) {
        Output.bootstrapLogging(log.logLevel)
        self.init(logger: Logger(label: "roster"), secretsDirectories: secrets.secretsDirectories)
        forced = Set(rails?.forced ?? [])
        onWarnings = { Output.printDiagnostics($0) }
        pipeline.loader.today = day?.now
    }
}

extension Logger.Level: @retroactive ExpressibleByArgument {}
extension Rail: ExpressibleByArgument {}
extension CalendarDay: ExpressibleByArgument {
    public init?(argument: String) { self.init(argument) }
}
