import RosterActiveLogic
import RosterCloud
import RosterCore
import RosterCtera
import RosterSquirro
import RosterUyuni

/// Every backend type this build of roster knows.
public enum Roster {
    public static let version = "0.1.0"

    public static let registry = ProviderRegistry([
        UyuniProvider(),
        CteraProvider(),
        ActiveLogicProvider(),
        CloudProvider(),
        SquirroProvider(),
    ])
}
