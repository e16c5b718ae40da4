import Foundation
import RotaLuigi

/// Every setting of a Rota process, with its default. Resolved from flags, then `ROTA_…`
/// environment variables, then the config file, then these defaults (first found wins).
///
/// | key (file) | environment | flag | default |
/// |---|---|---|---|
/// | `home` | `ROTA_HOME` | `--home` | `./rota-data` |
/// | `host` | `ROTA_HOST` | `--host` | `127.0.0.1` |
/// | `port` | `ROTA_PORT` | `--port` | `8080` |
/// | `database_url` | `ROTA_DATABASE_URL` | `--database-url` | none: SQLite at `<home>/rota.sqlite` |
/// | `node_name` | `ROTA_NODE_NAME` | `--node-name` | the host name |
/// | `jobs_dir` | `ROTA_JOBS_DIR` | `--jobs-dir` | `./jobs` |
/// | `dags_dir` | `ROTA_DAGS_DIR` | `--dags-dir` | `./dags` |
/// | `workers` | `ROTA_WORKERS` | `--workers` | `4` |
/// | `output_limit` | `ROTA_OUTPUT_LIMIT` | `--output-limit` | `256000` bytes |
/// | `retention_runs` | `ROTA_RETENTION_RUNS` | `--retention-runs` | `1000` runs per job |
/// | `zombie_timeout` | `ROTA_ZOMBIE_TIMEOUT` | `--zombie-timeout` | `60` seconds |
/// | `retention_days` | `ROTA_RETENTION_DAYS` | `--retention-days` | `90` |
/// | `log_level` | `ROTA_LOG_LEVEL` | `--log-level` | `info` |
/// | `smtp_host` | `ROTA_SMTP_HOST` | `--smtp-host` | none (no e-mail) |
/// | `smtp_port` | `ROTA_SMTP_PORT` | `--smtp-port` | `25` |
/// | `smtp_from` | `ROTA_SMTP_FROM` | `--smtp-from` | `rota@<host name>` |
/// | `smtp_username` | `ROTA_SMTP_USERNAME` | `--smtp-username` | none |
/// | `smtp_password` | `ROTA_SMTP_PASSWORD` | (environment or file only) | none |
/// | `webhook_url` | `ROTA_WEBHOOK_URL` | `--webhook-url` | none (Dkron's `webhook-endpoint`) |
/// | `webhook_payload` | `ROTA_WEBHOOK_PAYLOAD` | `--webhook-payload` | a JSON document of the event |
/// | `webhook_headers` | `ROTA_WEBHOOK_HEADERS` | `--webhook-headers` | none; `Name: value` pairs separated by `;` |
/// | `luigi_port` | `ROTA_LUIGI_PORT` | `--luigi-port` | `8082` (luigid's); `0` turns the listener off |
/// | `luigi_retry_delay` … | `ROTA_LUIGI_…` | `--luigi-…` | luigi's `[scheduler]` defaults; see docs/luigi.md |
/// | `luigi_resources` | `ROTA_LUIGI_RESOURCES` | `--luigi-resources` | none; `name=N,name2=M` (luigi's `[resources]`) |
struct RotaSettings: Sendable, Equatable {
    var home = "./rota-data"
    var host = "127.0.0.1"
    var port = 8080
    var databaseURL: String?
    var nodeName = ProcessInfo.processInfo.hostName.isEmpty ? "rota" : ProcessInfo.processInfo.hostName
    var jobsDir = "./jobs"
    var dagsDir = "./dags"
    var workers = 4
    var outputLimit = 256_000
    var retentionRuns = 1000
    /// Seconds without a heartbeat after which a worker's running tasks are failed as zombies.
    var zombieTimeout = 60
    var retentionDays = 90
    var logLevel = "info"
    var smtpHost: String?
    var smtpPort = 25
    var smtpFrom: String?
    var smtpUsername: String?
    var smtpPassword: String?
    var webhookURL: String?
    var webhookPayload: String?
    var webhookHeaders: String?
    /// luigid's port for luigi workers; 0: no listener (luigi is still at `/luigi/api` on `port`).
    var luigiPort = 8082
    /// luigi's `[scheduler]` and `[resources]` sections.
    var luigi = LuigiConfig()
    /// Require API tokens (see `rota tokens`).
    var auth = false
    /// Allow a non-loopback address without auth.
    var insecure = false
    /// Secret files (`{{ secrets.NAME }}`); nil: `<home>/secrets`.
    var secretsDir: String?
    /// HTTPS on the main port (PEM files).
    var tlsCert: String?
    var tlsKey: String?
    var resolvedSecretsDir: String { secretsDir ?? (home as NSString).appendingPathComponent("secrets") }

    var sqlitePath: String { (home as NSString).appendingPathComponent("rota.sqlite") }

    static let keys = ["home", "host", "port", "database_url", "node_name", "jobs_dir", "dags_dir", "workers", "output_limit",
                       "retention_runs", "retention_days", "zombie_timeout", "log_level",
                       "smtp_host", "smtp_port", "smtp_from", "smtp_username", "smtp_password",
                       "webhook_url", "webhook_payload", "webhook_headers", "luigi_port",
                       "luigi_retry_delay", "luigi_worker_disconnect_delay", "luigi_remove_delay", "luigi_disable_window",
                       "luigi_retry_count", "luigi_disable_hard_timeout", "luigi_disable_persist", "luigi_resources",
                       "auth", "insecure", "secrets_dir", "tls_cert", "tls_key"]
}
