import Foundation

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

    var sqlitePath: String { (home as NSString).appendingPathComponent("rota.sqlite") }

    static let keys = ["home", "host", "port", "database_url", "node_name", "jobs_dir", "dags_dir", "workers", "output_limit",
                       "retention_runs", "retention_days", "log_level",
                       "smtp_host", "smtp_port", "smtp_from", "smtp_username", "smtp_password",
                       "webhook_url", "webhook_payload", "webhook_headers"]
}
