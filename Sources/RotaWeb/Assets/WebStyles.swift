/// The UI's one stylesheet, compiled into the binary: the UI works offline, with no CDN and no
/// build toolchain. State colours follow Airflow's so its users read the grid without a legend.
public enum WebStyles {
    public static let css = #"""
:root{--bg:#f6f7f9;--panel:#fff;--ink:#1f2430;--muted:#6b7280;--line:#e3e6eb;--accent:#2457c5;--danger:#c2352f;
--success:#2e9d4f;--failed:#d64545;--running:#3b82f6;--queued:#9ca3af;--scheduled:#c9b46a;--up_for_retry:#f0a020;
--upstream_failed:#f97316;--skipped:#d97ce6;--removed:#c7ccd4;--none:#eef0f3}
*{box-sizing:border-box}
body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--ink);background:var(--bg)}
a{color:var(--accent);text-decoration:none}a:hover{text-decoration:underline}
header.top{display:flex;align-items:center;gap:20px;padding:0 20px;height:48px;background:#1d2433;color:#fff}
header.top .brand{font-weight:700;font-size:17px;color:#fff;letter-spacing:.5px}
header.top nav a{color:#c9d2e3;padding:14px 8px;display:inline-block}
header.top nav a.active,header.top nav a:hover{color:#fff;text-decoration:none;box-shadow:inset 0 -3px 0 #6ea0ff}
header.top .node{margin-left:auto;color:#9aa6bd;font-size:12px}
main{padding:18px 22px;max-width:1500px}
h1{font-size:20px;margin:4px 0 14px}h2{font-size:16px;margin:18px 0 8px}
.muted{color:var(--muted)}.mono,code,pre{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:12.5px}
.panel{background:var(--panel);border:1px solid var(--line);border-radius:8px;padding:14px 16px;margin-bottom:16px}
.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(150px,1fr));gap:12px;margin-bottom:16px}
.card{background:var(--panel);border:1px solid var(--line);border-radius:8px;padding:10px 14px}
.card .n{font-size:24px;font-weight:650}.card .l{color:var(--muted);font-size:12px;text-transform:uppercase;letter-spacing:.4px}
.cols{display:grid;grid-template-columns:1fr 1fr;gap:16px}@media(max-width:1000px){.cols{grid-template-columns:1fr}}
table.list{width:100%;border-collapse:collapse;background:var(--panel)}
table.list th,table.list td{text-align:left;padding:7px 10px;border-bottom:1px solid var(--line);vertical-align:top}
table.list th{font-size:12px;color:var(--muted);font-weight:600;text-transform:uppercase;letter-spacing:.3px}
table.list tr:hover td{background:#fafbfd}
.badge{display:inline-block;padding:1px 8px;border-radius:10px;font-size:12px;font-weight:600;color:#fff;background:var(--queued)}
.badge.state-success{background:var(--success)}.badge.state-failed{background:var(--failed)}.badge.state-running{background:var(--running)}
.badge.state-up_for_retry{background:var(--up_for_retry)}.badge.state-upstream_failed{background:var(--upstream_failed)}
.badge.state-skipped{background:var(--skipped)}.badge.state-removed{background:var(--removed);color:#333}
.badge.state-scheduled{background:var(--scheduled)}.badge.state-none,.badge.state-{background:var(--none);color:#555}
.badge.state-alive{background:var(--success)}.badge.state-left{background:var(--queued)}.badge.state-disabled{background:#7a808c}
.sq{display:inline-block;width:13px;height:13px;border-radius:3px;margin-right:2px;vertical-align:middle;background:var(--none)}
.state-success.sq,.cell.state-success{background:var(--success)}.state-failed.sq,.cell.state-failed{background:var(--failed)}
.state-running.sq,.cell.state-running{background:var(--running)}.state-queued.sq,.cell.state-queued{background:var(--queued)}
.state-scheduled.sq,.cell.state-scheduled{background:var(--scheduled)}.state-up_for_retry.sq,.cell.state-up_for_retry{background:var(--up_for_retry)}
.state-upstream_failed.sq,.cell.state-upstream_failed{background:var(--upstream_failed)}.state-skipped.sq,.cell.state-skipped{background:var(--skipped)}
.state-removed.sq,.cell.state-removed{background:var(--removed)}
svg .state-success{fill:var(--success)}svg .state-failed{fill:var(--failed)}svg .state-running{fill:var(--running)}
svg .state-queued{fill:var(--queued)}svg .state-scheduled{fill:var(--scheduled)}svg .state-up_for_retry{fill:var(--up_for_retry)}
svg .state-upstream_failed{fill:var(--upstream_failed)}svg .state-skipped{fill:var(--skipped)}svg .state-removed{fill:var(--removed)}
svg .state-none{fill:var(--none)}
svg .dag-edge{stroke:#8b93a3;stroke-width:1.5}svg .dag-arrow path{fill:#8b93a3}
svg .dag-node rect{stroke:rgba(0,0,0,.12)}svg .dag-node text{fill:#fff;font-weight:600}
svg .dag-node.state-none text,svg .dag-node.state-removed text,svg .dag-node.state-scheduled text{fill:#2a3140}
svg.dag-graph,svg.gantt{max-width:100%;height:auto;background:#fff}
table.grid{border-collapse:separate;border-spacing:3px}table.grid th{font-weight:500;font-size:12px;text-align:right;padding-right:8px;white-space:nowrap}
table.grid th.run{writing-mode:vertical-rl;transform:rotate(180deg);text-align:left;height:92px;font-size:11px;color:var(--muted)}
table.grid td{padding:0}.cell{display:block;width:18px;height:18px;border-radius:3px;background:var(--none)}
.cell:hover{outline:2px solid #1d2433}
.btn{display:inline-block;border:1px solid #c6ccd6;background:#fff;color:var(--ink);border-radius:6px;padding:5px 11px;font:inherit;cursor:pointer}
.btn:hover{background:#f0f2f6;text-decoration:none}.btn.primary{background:var(--accent);border-color:var(--accent);color:#fff}
.btn.danger{color:var(--danger);border-color:#e2b4b1}.btn.small{padding:2px 8px;font-size:12px}
.actions{display:flex;gap:8px;flex-wrap:wrap;margin:8px 0 14px}
form.filters{display:flex;gap:8px;align-items:center;flex-wrap:wrap;margin-bottom:12px}
input[type=text],input[type=search],input[type=number],input[type=datetime-local],select,textarea{font:inherit;padding:5px 8px;border:1px solid #c6ccd6;border-radius:6px;background:#fff}
textarea{width:100%;min-height:80px;font-family:ui-monospace,Menlo,monospace;font-size:12.5px}
form.edit{max-width:860px}form.edit label{display:block;font-weight:600;margin:10px 0 3px}form.edit .hint{font-weight:400;color:var(--muted);font-size:12px}
form.edit input[type=text]{width:100%}
.field-error{color:var(--danger);font-size:12.5px;min-height:18px}
.preview{font-size:12.5px;color:#2b3a55;background:#f2f5fb;border-radius:6px;padding:6px 10px;margin-top:4px}
.tabs{display:flex;gap:2px;border-bottom:1px solid var(--line);margin-bottom:14px}
.tabs a{padding:8px 14px;color:var(--muted);border-bottom:2px solid transparent}.tabs a.active{color:var(--ink);border-bottom-color:var(--accent);font-weight:600}
pre.log{background:#151a23;color:#dfe6f0;padding:12px;border-radius:6px;max-height:560px;overflow:auto;white-space:pre-wrap;word-break:break-all;margin:0}
pre.code{background:#f4f6f9;padding:12px;border-radius:6px;overflow:auto}
.pager{display:flex;gap:10px;align-items:center;margin:10px 0;color:var(--muted)}
.toast{position:fixed;right:20px;bottom:20px;max-width:480px;padding:10px 14px;border-radius:8px;color:#fff;background:#1d2433;box-shadow:0 4px 18px rgba(0,0,0,.25);z-index:10}
.toast.error{background:var(--danger)}
dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:4px 16px;margin:0}dl.facts dt{color:var(--muted)}dl.facts dd{margin:0}
.empty{color:var(--muted);padding:14px 0}
.switch{cursor:pointer}
.legend .sq{margin-left:10px}
"""#
}
