import ArgumentParser
import Foundation
import RotaCore
import RotaHTTP
import RotaStorage

/// `rota tokens create|list|revoke`: API tokens, managed on a host that can open the database
/// (that is the bootstrap: the first admin token cannot come from the API it protects). Every
/// change is written to the audit log as `cli:<user>`.
struct TokensCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tokens", abstract: "Create, list and revoke API tokens (roles: viewer, operator, admin, worker).",
        subcommands: [Create.self, List.self, Revoke.self])

    static var actor: String { "cli:" + (ProcessInfo.processInfo.environment["USER"] ?? "unknown") }

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a token and print it once (only its SHA-256 digest is stored).")
        @Option(help: "A name for the token: who or what uses it.") var name: String
        @Option(help: "viewer (read), operator (run, trigger, clear, pause), admin (change what runs), worker (rota worker).")
        var role: String
        @Option(help: "Days until the token expires (default: never).") var expiresDays: Int?
        @OptionGroup var options: SettingsOptions

        func validate() throws {
            guard Role(rawValue: role) != nil else {
                throw ValidationError("--role: \"\(role)\" is not one of viewer, operator, admin, worker")
            }
            guard name.range(of: #"^[A-Za-z0-9][A-Za-z0-9_.@-]{0,99}$"#, options: .regularExpression) != nil else {
                throw ValidationError("--name: \"\(name)\" must be 1-100 letters, digits, or . _ @ - (starting with a letter or digit)")
            }
            if let days = expiresDays, !(1...36_500).contains(days) { throw ValidationError("--expires-days: from 1 to 36500") }
        }

        func run() async throws {
            try await DBCommand.withStore(options) { store, _ in
                _ = try await store.schemaMigrate()
                let token = APITokens.generate()
                let now = Date()
                let expires = expiresDays.map { now.addingTimeInterval(Double($0) * 86_400) }
                let record: TokenRecord
                do {
                    record = try await store.tokenCreate(name: name, role: Role(rawValue: role)!, digest: APITokens.digest(token),
                                                         prefix: APITokens.prefix(token), expiresAt: expires, now: now)
                } catch let error as StoreError {
                    throw ValidationError("--name: \(error.message)")
                }
                try await store.auditAppend(AuditRecord(at: now, actor: TokensCommand.actor, role: "admin", action: "rota tokens create",
                                                        target: "name=\(name)&role=\(role)", status: 201, source: "cli"))
                print(token)
                FileHandle.standardError.write(Data("created token \"\(record.name)\" (role \(record.role.rawValue)\(expires.map { ", expires \(RFC3339.format($0))" } ?? "")); it is shown only once\n".utf8))
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List tokens (names, roles, prefixes; never the tokens).")
        @OptionGroup var options: SettingsOptions

        func run() async throws {
            try await DBCommand.withStore(options) { store, _ in
                _ = try await store.schemaMigrate()
                let now = Date()
                let tokens = try await store.tokenList()
                if tokens.isEmpty { print("no tokens; create one with `rota tokens create --name NAME --role admin`"); return }
                print("NAME".padding(toLength: 20, withPad: " ", startingAt: 0) + " ROLE     PREFIX        STATE    CREATED               LAST USED")
                for t in tokens {
                    let state = t.revokedAt != nil ? "revoked" : (t.isActive(at: now) ? "active" : "expired")
                    print(t.name.padding(toLength: 20, withPad: " ", startingAt: 0) + " "
                          + t.role.rawValue.padding(toLength: 8, withPad: " ", startingAt: 0) + " "
                          + t.prefix.padding(toLength: 13, withPad: " ", startingAt: 0) + " "
                          + state.padding(toLength: 8, withPad: " ", startingAt: 0) + " "
                          + RFC3339.format(t.createdAt) + "  " + (t.lastUsedAt.map(RFC3339.format) ?? "never"))
                }
            }
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke the active token with this name (effective within 5 s on every server).")
        @Argument(help: "The token's name.") var name: String
        @OptionGroup var options: SettingsOptions

        func run() async throws {
            try await DBCommand.withStore(options) { store, _ in
                _ = try await store.schemaMigrate()
                guard try await store.tokenRevoke(name: name, now: Date()) != nil else {
                    throw ValidationError("no active token named \"\(name)\" (see `rota tokens list`)")
                }
                try await store.auditAppend(AuditRecord(at: Date(), actor: TokensCommand.actor, role: "admin", action: "rota tokens revoke",
                                                        target: "name=\(name)", status: 200, source: "cli"))
                print("revoked token \"\(name)\"")
            }
        }
    }
}
