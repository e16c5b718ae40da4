-- wrk script: POST with an empty body (used for POST /v1/jobs/{name}/run).
wrk.method = "POST"
wrk.body = ""
