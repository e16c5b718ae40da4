/// The OpenAPI 3.0 description of Rota's native API, served at `GET /openapi.json`.
///
/// It covers Dkron's API under `/v1`, `/health`, `/metrics` and Rota's own `/rota/v1` routes
/// (workflow upload, backfill, schedule preview). It leaves out the worker protocol
/// (`/rota/v1/workers/*`, internal between Rota processes), Airflow's `/api/v2` (Airflow publishes
/// its own specification), Luigi's RPC and the web UI's HTML pages.
/// `Tests/RotaIntegrationTests/OpenAPISchemathesisTests.swift` runs schemathesis against the
/// running server with this document, so every status code and body shape here is checked.
enum OpenAPIDocument {
    static let json = #"""
    {
      "openapi": "3.0.3",
      "info": {
        "title": "Rota native API",
        "version": "1",
        "description": "Rota's Dkron-compatible REST API under /v1, /health, /metrics and Rota's own routes under /rota/v1 (workflow upload, backfill, schedule preview). Not described here: the worker protocol under /rota/v1/workers (internal between rota processes), Airflow's REST API under /api/v2 and /auth/token (Airflow publishes its own OpenAPI specification, which Rota follows), Luigi's scheduler RPC under /luigi and the HTML pages of the web UI (/, /ui). Every response carries X-Whom (the node's name) and permissive CORS headers; `?pretty` (any value) indents JSON. Errors are {\"error\": {\"message\": \"...\"}}; a refused request changes nothing.",
        "license": {"name": "see the repository"}
      },
      "tags": [
        {"name": "jobs", "description": "Dkron jobs"},
        {"name": "executions", "description": "Runs of Dkron jobs"},
        {"name": "cluster", "description": "Dkron's agent, member and leader routes"},
        {"name": "workflows", "description": "Rota workflows (DAGs) uploaded over the API"},
        {"name": "luigi", "description": "History of the luigi scheduler's tasks (its RPC is luigid's, at /luigi/api)"},
        {"name": "operations", "description": "Health, metrics and this document"}
      ],
      "paths": {
        "/v1": {
          "get": {
            "tags": ["cluster"], "operationId": "getStatus", "summary": "The agent's status",
            "responses": {"200": {"description": "Agent, serf and tags", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Status"}}}}}
          }
        },
        "/v1/": {
          "get": {
            "tags": ["cluster"], "operationId": "getStatusSlash", "summary": "The agent's status (with a trailing slash, as Dkron's UI calls it)",
            "responses": {"200": {"description": "Agent, serf and tags", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Status"}}}}}
          }
        },
        "/v1/members": {
          "get": {
            "tags": ["cluster"], "operationId": "getMembers", "summary": "Every server and worker that heartbeats, this node first",
            "responses": {
              "200": {"description": "Members", "headers": {"X-Total-Count": {"$ref": "#/components/headers/TotalCount"}},
                      "content": {"application/json": {"schema": {"type": "array", "items": {"$ref": "#/components/schemas/Member"}}}}},
              "503": {"$ref": "#/components/responses/Unavailable"}
            }
          }
        },
        "/v1/leader": {
          "get": {
            "tags": ["cluster"], "operationId": "getLeader", "summary": "The holder of the leader lease",
            "responses": {
              "200": {"description": "The leader", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Leader"}}}},
              "404": {"$ref": "#/components/responses/NotFound"},
              "503": {"$ref": "#/components/responses/Unavailable"}
            }
          }
        },
        "/v1/isleader": {
          "get": {
            "tags": ["cluster"], "operationId": "getIsLeader", "summary": "Whether this node leads",
            "responses": {
              "200": {"description": "This node is the leader", "content": {"application/json": {"schema": {"type": "string", "enum": ["I am a leader"]}}}},
              "404": {"description": "This node is a follower", "content": {"application/json": {"schema": {"type": "string", "enum": ["I am a follower"]}}}}
            }
          }
        },
        "/v1/leave": {
          "post": {
            "tags": ["cluster"], "operationId": "leave", "summary": "Dkron's leave; a Rota node has nobody to leave and answers its member list",
            "responses": {"200": {"description": "This node", "content": {"application/json": {"schema": {"type": "array", "items": {"$ref": "#/components/schemas/Member"}}}}}}
          }
        },
        "/v1/busy": {
          "get": {
            "tags": ["executions"], "operationId": "getBusy", "summary": "Running executions, oldest first",
            "responses": {
              "200": {"description": "Running executions", "headers": {"X-Total-Count": {"$ref": "#/components/headers/TotalCount"}},
                      "content": {"application/json": {"schema": {"type": "array", "items": {"$ref": "#/components/schemas/Execution"}}}}},
              "503": {"$ref": "#/components/responses/Unavailable"}
            }
          }
        },
        "/v1/pause": {
          "get": {
            "tags": ["jobs"], "operationId": "getPaused", "summary": "Whether new job submissions are paused",
            "responses": {"200": {"$ref": "#/components/responses/Paused"}, "503": {"$ref": "#/components/responses/Unavailable"}}
          },
          "post": {
            "tags": ["jobs"], "operationId": "pause", "summary": "Pause new job submissions (existing jobs keep running)",
            "responses": {"200": {"$ref": "#/components/responses/Paused"}, "503": {"$ref": "#/components/responses/Unavailable"}}
          }
        },
        "/v1/unpause": {
          "post": {
            "tags": ["jobs"], "operationId": "unpause", "summary": "Accept job submissions again",
            "responses": {"200": {"$ref": "#/components/responses/Paused"}, "503": {"$ref": "#/components/responses/Unavailable"}}
          }
        },
        "/v1/stats": {
          "get": {
            "tags": ["executions"], "operationId": "getStats", "summary": "Successful and failed executions per UTC day",
            "parameters": [{"name": "days", "in": "query", "description": "How many days back, today included", "schema": {"type": "integer", "minimum": 1, "maximum": 365, "default": 30}}],
            "responses": {
              "200": {"description": "One entry per day with executions", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Stats"}}}},
              "400": {"$ref": "#/components/responses/BadRequest"},
              "503": {"$ref": "#/components/responses/Unavailable"}
            }
          }
        },
        "/v1/jobs": {
          "get": {
            "tags": ["jobs"], "operationId": "listJobs", "summary": "Jobs, filtered, sorted and sliced",
            "parameters": [
              {"name": "q", "in": "query", "description": "Part of the name or display name", "schema": {"type": "string"}},
              {"name": "status", "in": "query", "schema": {"type": "string", "enum": ["success", "failed", "running", "partially_failed", "untriggered"]}},
              {"name": "disabled", "in": "query", "schema": {"type": "boolean"}},
              {"name": "metadata", "in": "query", "description": "metadata[key]=value pairs a job's metadata must hold", "style": "deepObject", "explode": true,
               "schema": {"type": "object", "additionalProperties": {"type": "string"}}},
              {"name": "_sort", "in": "query", "schema": {"type": "string", "enum": ["id", "name", "displayname", "schedule", "success_count", "error_count", "last_success", "last_error", "next"], "default": "id"}},
              {"name": "_order", "in": "query", "schema": {"type": "string", "enum": ["ASC", "DESC", "asc", "desc"], "default": "ASC"}},
              {"name": "_start", "in": "query", "schema": {"type": "integer"}},
              {"name": "_end", "in": "query", "schema": {"type": "integer"}}
            ],
            "responses": {
              "200": {"description": "Jobs", "headers": {"X-Total-Count": {"$ref": "#/components/headers/TotalCount"}},
                      "content": {"application/json": {"schema": {"type": "array", "items": {"$ref": "#/components/schemas/Job"}}}}},
              "400": {"$ref": "#/components/responses/BadRequest"},
              "503": {"$ref": "#/components/responses/Unavailable"}
            }
          },
          "post": {
            "tags": ["jobs"], "operationId": "createJob", "summary": "Create or replace a job (the whole object)",
            "parameters": [{"$ref": "#/components/parameters/RunOnCreate"}],
            "requestBody": {"$ref": "#/components/requestBodies/Job"},
            "responses": {
              "201": {"$ref": "#/components/responses/JobStored"},
              "400": {"$ref": "#/components/responses/BadRequest"},
              "404": {"$ref": "#/components/responses/NotFound"},
              "413": {"$ref": "#/components/responses/TooLarge"},
              "503": {"$ref": "#/components/responses/Unavailable"}
            }
          },
          "patch": {
            "tags": ["jobs"], "operationId": "patchJob", "summary": "Create or replace a job (the whole object, as POST)",
            "parameters": [{"$ref": "#/components/parameters/RunOnCreate"}],
            "requestBody": {"$ref": "#/components/requestBodies/Job"},
            "responses": {
              "201": {"$ref": "#/components/responses/JobStored"},
              "400": {"$ref": "#/components/responses/BadRequest"},
              "404": {"$ref": "#/components/responses/NotFound"},
              "413": {"$ref": "#/components/responses/TooLarge"},
              "503": {"$ref": "#/components/responses/Unavailable"}
            }
          }
        },
        "/v1/jobs/{job}": {
          "parameters": [{"$ref": "#/components/parameters/Job"}],
          "get": {
            "tags": ["jobs"], "operationId": "getJob", "summary": "One job",
            "responses": {"200": {"$ref": "#/components/responses/Job"}, "404": {"$ref": "#/components/responses/NotFound"}, "503": {"$ref": "#/components/responses/Unavailable"}}
          },
          "put": {
            "tags": ["jobs"], "operationId": "putJob", "summary": "Create or replace a job; the name comes from the body, as in Dkron",
            "parameters": [{"$ref": "#/components/parameters/RunOnCreate"}],
            "requestBody": {"$ref": "#/components/requestBodies/Job"},
            "responses": {
              "201": {"$ref": "#/components/responses/JobStored"},
              "400": {"$ref": "#/components/responses/BadRequest"},
              "404": {"$ref": "#/components/responses/NotFound"},
              "413": {"$ref": "#/components/responses/TooLarge"},
              "503": {"$ref": "#/components/responses/Unavailable"}
            }
          },
          "post": {
            "tags": ["jobs"], "operationId": "runJobLegacy", "summary": "Run the job now (Dkron's older path for run)",
            "responses": {"200": {"$ref": "#/components/responses/Job"}, "404": {"$ref": "#/components/responses/NotFound"}, "503": {"$ref": "#/components/responses/Unavailable"}}
          },
          "delete": {
            "tags": ["jobs"], "operationId": "deleteJob", "summary": "Delete the job with its runs and executions; answers the deleted job",
            "parameters": [{"name": "job", "in": "path", "required": true, "description": "The job's name", "schema": {"type": "string"}, "example": "restored"}],
            "responses": {"200": {"$ref": "#/components/responses/Job"}, "404": {"$ref": "#/components/responses/NotFound"}, "503": {"$ref": "#/components/responses/Unavailable"}}
          }
        },
        "/v1/jobs/{job}/run": {
          "parameters": [{"$ref": "#/components/parameters/Job"}],
          "post": {
            "tags": ["jobs"], "operationId": "runJob", "summary": "Run the job now, whatever its schedule",
            "responses": {"200": {"$ref": "#/components/responses/Job"}, "404": {"$ref": "#/components/responses/NotFound"}, "503": {"$ref": "#/components/responses/Unavailable"}}
          }
        },
        "/v1/jobs/{job}/toggle": {
          "parameters": [{"$ref": "#/components/parameters/Job"}],
          "post": {
            "tags": ["jobs"], "operationId": "toggleJob", "summary": "Flip the job's disabled flag",
            "responses": {"200": {"$ref": "#/components/responses/Job"}, "404": {"$ref": "#/components/responses/NotFound"}, "503": {"$ref": "#/components/responses/Unavailable"}}
          }
        },
        "/v1/jobs/{job}/executions": {
          "parameters": [{"$ref": "#/components/parameters/Job"}],
          "get": {
            "tags": ["executions"], "operationId": "listExecutions", "summary": "The job's executions, newest first",
            "parameters": [
              {"$ref": "#/components/parameters/ExecutionOrder"}, {"$ref": "#/components/parameters/ExecutionStart"},
              {"$ref": "#/components/parameters/ExecutionEnd"}, {"$ref": "#/components/parameters/OutputSizeLimit"}
            ],
            "responses": {"200": {"$ref": "#/components/responses/Executions"}, "404": {"$ref": "#/components/responses/NotFound"}, "503": {"$ref": "#/components/responses/Unavailable"}}
          },
          "delete": {
            "tags": ["executions"], "operationId": "deleteExecutions", "summary": "Delete the job's finished executions and reset its counters; answers the job",
            "responses": {"200": {"$ref": "#/components/responses/Job"}, "404": {"$ref": "#/components/responses/NotFound"}, "503": {"$ref": "#/components/responses/Unavailable"}}
          }
        },
        "/v1/jobs/{job}/executions/{execution}": {
          "parameters": [
            {"$ref": "#/components/parameters/Job"},
            {"name": "execution", "in": "path", "required": true, "description": "An execution's id", "schema": {"type": "string"}, "example": "1"}
          ],
          "get": {
            "tags": ["executions"], "operationId": "getExecution", "summary": "One execution of the job",
            "responses": {
              "200": {"description": "The execution", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Execution"}}}},
              "404": {"$ref": "#/components/responses/NotFound"},
              "503": {"$ref": "#/components/responses/Unavailable"}
            }
          }
        },
        "/v1/executions/{job}": {
          "parameters": [{"$ref": "#/components/parameters/Job"}],
          "get": {
            "tags": ["executions"], "operationId": "listExecutionsLegacy", "summary": "The job's executions (Dkron before 0.10's path)",
            "parameters": [
              {"$ref": "#/components/parameters/ExecutionOrder"}, {"$ref": "#/components/parameters/ExecutionStart"},
              {"$ref": "#/components/parameters/ExecutionEnd"}, {"$ref": "#/components/parameters/OutputSizeLimit"}
            ],
            "responses": {"200": {"$ref": "#/components/responses/Executions"}, "404": {"$ref": "#/components/responses/NotFound"}, "503": {"$ref": "#/components/responses/Unavailable"}}
          }
        },
        "/v1/restore": {
          "post": {
            "tags": ["jobs"], "operationId": "restoreJobs", "summary": "Create or replace many jobs, parents first",
            "requestBody": {
              "required": true,
              "content": {
                "application/json": {"schema": {"type": "array", "items": {"$ref": "#/components/schemas/JobInput"}},
                                     "example": [{"name": "restored", "schedule": "@manually", "executor": "shell", "executor_config": {"command": "echo restored"}}]},
                "multipart/form-data": {"schema": {"type": "object", "required": ["file"], "properties": {"file": {"type": "string", "format": "binary", "description": "A JSON array of jobs"}}}}
              }
            },
            "responses": {
              "200": {"description": "A JSON string holding a JSON array of per-job results (\"success create a\", \"fail create b: ...\"), as Dkron answers",
                      "content": {"application/json": {"schema": {"type": "string"}}}},
              "400": {"$ref": "#/components/responses/BadRequest"},
              "413": {"$ref": "#/components/responses/TooLarge"},
              "503": {"$ref": "#/components/responses/Unavailable"}
            }
          }
        },
        "/rota/v1/workflows/{id}": {
          "parameters": [{"name": "id", "in": "path", "required": true, "description": "The workflow's id; the body must define the same id", "schema": {"type": "string"}, "example": "greetings"}],
          "put": {
            "tags": ["workflows"], "operationId": "putWorkflow", "summary": "Store a workflow (the workflow file's YAML or JSON) as its current version",
            "requestBody": {
              "required": true,
              "content": {
                "application/yaml": {"schema": {"$ref": "#/components/schemas/Workflow"}, "example": {"id": "greetings", "tasks": [{"id": "greet", "command": "echo hello"}]}},
                "application/json": {"schema": {"$ref": "#/components/schemas/Workflow"}, "example": {"id": "greetings", "tasks": [{"id": "greet", "command": "echo hello"}]}}
              }
            },
            "responses": {
              "200": {"description": "Replaced (or unchanged)", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/WorkflowStored"}}}},
              "201": {"description": "Created", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/WorkflowStored"}}}},
              "400": {"description": "Every problem of the file, as `line: field: message`, or an id that does not match the path", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
              "409": {"$ref": "#/components/responses/Conflict"},
              "413": {"$ref": "#/components/responses/TooLarge"},
              "503": {"$ref": "#/components/responses/Unavailable"}
            }
          },
          "delete": {
            "tags": ["workflows"], "operationId": "deleteWorkflow", "summary": "Deactivate a workflow (its history stays)",
            "responses": {"204": {"description": "Deactivated"}, "404": {"$ref": "#/components/responses/NotFound"}, "503": {"$ref": "#/components/responses/Unavailable"}}
          }
        },
        "/rota/v1/workflows/{id}/backfill": {
          "parameters": [{"name": "id", "in": "path", "required": true, "description": "The workflow's id", "schema": {"type": "string"}, "example": "greetings"}],
          "post": {
            "tags": ["workflows"], "operationId": "backfillWorkflow", "summary": "One run per schedule interval starting in [from, to], named backfill__<start>; repeating it creates only what is missing",
            "requestBody": {
              "required": true,
              "content": {"application/json": {
                "schema": {
                  "type": "object", "required": ["from", "to"], "additionalProperties": false,
                  "properties": {
                    "from": {"type": "string", "description": "RFC 3339 time, YYYY-MM-DD or YYYY-MM-DDTHH:MM (UTC)"},
                    "to": {"type": "string", "description": "RFC 3339 time, YYYY-MM-DD or YYYY-MM-DDTHH:MM (UTC)"},
                    "conf": {"type": "object", "description": "Checked against the workflow's params"}
                  }
                },
                "example": {"from": "2026-01-01", "to": "2026-01-03"}
              }}
            },
            "responses": {
              "200": {"description": "What was created", "content": {"application/json": {"schema": {
                "type": "object", "required": ["created", "existing", "first", "last"], "additionalProperties": false,
                "properties": {
                  "created": {"type": "integer", "minimum": 0}, "existing": {"type": "integer", "minimum": 0},
                  "first": {"type": "string", "format": "date-time"}, "last": {"type": "string", "format": "date-time"}
                }
              }}}},
              "400": {"description": "Bad body, a workflow without a schedule, an empty range, more than 10,000 intervals, or a conf its params refuse; nothing is created", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
              "404": {"$ref": "#/components/responses/NotFound"},
              "413": {"$ref": "#/components/responses/TooLarge"},
              "503": {"$ref": "#/components/responses/Unavailable"}
            }
          }
        },
        "/rota/v1/luigi/history": {
          "get": {
            "tags": ["luigi"], "operationId": "luigiHistory", "summary": "Status changes of luigi tasks, newest first",
            "parameters": [
              {"name": "task_id", "in": "query", "description": "One task's events only", "schema": {"type": "string"}},
              {"name": "limit", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 1000, "default": 100}}
            ],
            "responses": {
              "200": {"description": "The events", "content": {"application/json": {"schema": {"type": "array", "maxItems": 1000, "items": {
                "type": "object", "required": ["at", "task_id", "family", "status", "worker", "host"], "additionalProperties": false,
                "properties": {
                  "at": {"type": "string", "format": "date-time"},
                  "task_id": {"type": "string"},
                  "family": {"type": "string"},
                  "status": {"type": "string", "enum": ["PENDING", "RUNNING", "DONE", "FAILED", "DISABLED", "UNKNOWN", "BATCH_RUNNING"]},
                  "worker": {"type": "string"},
                  "host": {"type": "string"}
                }
              }}}}},
              "400": {"$ref": "#/components/responses/BadRequest"},
              "503": {"$ref": "#/components/responses/Unavailable"}
            }
          }
        },
        "/rota/v1/schedule/preview": {
          "get": {
            "tags": ["workflows"], "operationId": "previewSchedule", "summary": "Check a schedule with the server's parser and list its next fire times",
            "parameters": [
              {"name": "schedule", "in": "query", "required": true, "schema": {"type": "string"}, "example": "@daily"},
              {"name": "timezone", "in": "query", "description": "IANA zone; UTC when empty", "schema": {"type": "string"}},
              {"name": "count", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 50, "default": 5}},
              {"name": "name", "in": "query", "description": "The job's name, for Dkron's ~ hash", "schema": {"type": "string"}}
            ],
            "responses": {
              "200": {"description": "The check; an invalid schedule or zone is valid: false with the parser's message", "content": {"application/json": {"schema": {
                "type": "object", "required": ["valid", "schedule", "timezone", "next", "description"], "additionalProperties": false,
                "properties": {
                  "valid": {"type": "boolean"},
                  "error": {"type": "string"},
                  "schedule": {"type": "string"},
                  "timezone": {"type": "string"},
                  "next": {"type": "array", "items": {"type": "string", "format": "date-time"}, "maxItems": 50},
                  "description": {"type": "string"}
                }
              }}}},
              "400": {"$ref": "#/components/responses/BadRequest"}
            }
          }
        },
        "/health": {
          "get": {
            "tags": ["operations"], "operationId": "getHealth", "summary": "Whether the node can reach its database",
            "responses": {
              "200": {"description": "Healthy", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Healthy"}}}},
              "503": {"description": "The database is unreachable", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Unhealthy"}}}}
            }
          }
        },
        "/metrics": {
          "get": {
            "tags": ["operations"], "operationId": "getMetrics", "summary": "Prometheus metrics",
            "responses": {"200": {"description": "Prometheus text exposition format", "content": {"text/plain": {"schema": {"type": "string"}}}}}
          }
        },
        "/openapi.json": {
          "get": {
            "tags": ["operations"], "operationId": "getOpenAPI", "summary": "This document",
            "responses": {"200": {"description": "OpenAPI 3.0 document", "content": {"application/json": {"schema": {"type": "object", "required": ["openapi", "info", "paths"]}}}}}
          }
        }
      },
      "components": {
        "parameters": {
          "Job": {"name": "job", "in": "path", "required": true, "description": "The job's name", "schema": {"type": "string"}, "example": "hello"},
          "RunOnCreate": {"name": "runoncreate", "in": "query", "description": "Present (any value): run the job at once", "allowEmptyValue": true, "schema": {"type": "string"}},
          "ExecutionOrder": {"name": "_order", "in": "query", "description": "ASC for oldest first", "schema": {"type": "string", "enum": ["ASC", "DESC", "asc", "desc"], "default": "DESC"}},
          "ExecutionStart": {"name": "_start", "in": "query", "description": "First index (0 is the newest, or the oldest with ASC)", "schema": {"type": "integer", "default": 0}},
          "ExecutionEnd": {"name": "_end", "in": "query", "description": "Index after the last; default _start + 100, at most 10000 per page", "schema": {"type": "integer"}},
          "OutputSizeLimit": {"name": "output_size_limit", "in": "query", "description": "Keep only the last N bytes of each output", "schema": {"type": "integer", "minimum": 0}}
        },
        "headers": {
          "TotalCount": {"description": "The number of items before slicing", "schema": {"type": "integer", "minimum": 0}}
        },
        "requestBodies": {
          "Job": {
            "required": true,
            "description": "A job; Dkron before 1.2's flat form (command, shell, environment_variables) is accepted too",
            "content": {"application/json": {
              "schema": {"$ref": "#/components/schemas/JobInput"},
              "example": {"name": "hello", "schedule": "@manually", "executor": "shell", "executor_config": {"command": "echo hello"}}
            }}
          }
        },
        "responses": {
          "Job": {"description": "The job", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Job"}}}},
          "JobStored": {"description": "Stored", "headers": {"Location": {"description": "/v1/jobs/{name}", "schema": {"type": "string"}}},
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Job"}}}},
          "Executions": {"description": "Executions", "headers": {"X-Total-Count": {"$ref": "#/components/headers/TotalCount"}},
                         "content": {"application/json": {"schema": {"type": "array", "items": {"$ref": "#/components/schemas/Execution"}}}}},
          "Paused": {"description": "Whether submissions are paused", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Paused"}}}},
          "BadRequest": {"description": "Bad input; the message names the field", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
          "NotFound": {"description": "Unknown job, execution, workflow or leader", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
          "Conflict": {"description": "The name is taken by another kind of object", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
          "TooLarge": {"description": "Body over the limit (1 MiB for a job, 4 MiB for a workflow, 32 MiB for a restore)", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
          "Unavailable": {"description": "Job submissions are paused, or the database is unreachable", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
        },
        "schemas": {
          "Error": {
            "type": "object", "required": ["error"], "additionalProperties": false,
            "properties": {"error": {
              "type": "object", "required": ["message"], "additionalProperties": false,
              "properties": {
                "message": {"type": "string"},
                "problems": {"type": "array", "items": {"type": "string"}, "description": "Every problem of an uploaded workflow"}
              }
            }}
          },
          "StringMap": {"type": "object", "additionalProperties": {"type": "string"}},
          "Status": {
            "type": "object", "required": ["agent", "serf", "tags"], "additionalProperties": false,
            "properties": {
              "agent": {"type": "object", "required": ["name", "version", "backend"], "additionalProperties": false,
                        "properties": {"name": {"type": "string"}, "version": {"type": "string"}, "backend": {"type": "string"}}},
              "serf": {"type": "object", "required": ["members", "failed", "left", "encrypted"], "additionalProperties": false,
                       "properties": {"members": {"type": "string"}, "failed": {"type": "string"}, "left": {"type": "string"}, "encrypted": {"type": "string"}}},
              "tags": {"$ref": "#/components/schemas/StringMap"}
            }
          },
          "Member": {
            "type": "object", "description": "A serf member, with Go's field names",
            "required": ["id", "Name", "Addr", "Port", "Tags", "Status", "ProtocolMin", "ProtocolMax", "ProtocolCur", "DelegateMin", "DelegateMax", "DelegateCur", "statusText"],
            "additionalProperties": false,
            "properties": {
              "id": {"type": "string", "format": "uuid"},
              "Name": {"type": "string"}, "Addr": {"type": "string"}, "Port": {"type": "integer"},
              "Tags": {"$ref": "#/components/schemas/StringMap"},
              "Status": {"type": "integer", "enum": [0, 1, 2, 3, 4], "description": "1 alive, 2 leaving, 3 left, 4 failed"},
              "ProtocolMin": {"type": "integer"}, "ProtocolMax": {"type": "integer"}, "ProtocolCur": {"type": "integer"},
              "DelegateMin": {"type": "integer"}, "DelegateMax": {"type": "integer"}, "DelegateCur": {"type": "integer"},
              "statusText": {"type": "string", "description": "alive, left or failed"}
            }
          },
          "Leader": {
            "type": "object", "description": "A serf member without the list fields (id, statusText)",
            "required": ["Name", "Addr", "Port", "Tags", "Status", "ProtocolMin", "ProtocolMax", "ProtocolCur", "DelegateMin", "DelegateMax", "DelegateCur"],
            "additionalProperties": false,
            "properties": {
              "Name": {"type": "string"}, "Addr": {"type": "string"}, "Port": {"type": "integer"},
              "Tags": {"$ref": "#/components/schemas/StringMap"},
              "Status": {"type": "integer", "enum": [0, 1, 2, 3, 4]},
              "ProtocolMin": {"type": "integer"}, "ProtocolMax": {"type": "integer"}, "ProtocolCur": {"type": "integer"},
              "DelegateMin": {"type": "integer"}, "DelegateMax": {"type": "integer"}, "DelegateCur": {"type": "integer"}
            }
          },
          "Paused": {"type": "object", "required": ["paused"], "additionalProperties": false, "properties": {"paused": {"type": "boolean"}}},
          "Stats": {
            "type": "object", "required": ["stats"], "additionalProperties": false,
            "properties": {"stats": {"type": "array", "items": {
              "type": "object", "required": ["date", "success_count", "failed_count"], "additionalProperties": false,
              "properties": {"date": {"type": "string", "format": "date-time"}, "success_count": {"type": "integer", "minimum": 0}, "failed_count": {"type": "integer", "minimum": 0}}
            }}}
          },
          "Job": {
            "type": "object", "description": "Dkron's job, key for key",
            "required": ["id", "name", "displayname", "timezone", "schedule", "owner", "owner_email", "success_count", "error_count", "last_success", "last_error",
                         "disabled", "tags", "metadata", "retries", "dependent_jobs", "parent_job", "processors", "concurrency", "executor", "executor_config",
                         "status", "next", "ephemeral", "expires_at", "starts_at"],
            "additionalProperties": false,
            "properties": {
              "id": {"type": "string", "description": "The name"},
              "name": {"type": "string"},
              "displayname": {"type": "string"},
              "timezone": {"type": "string"},
              "schedule": {"type": "string"},
              "owner": {"type": "string"},
              "owner_email": {"type": "string"},
              "success_count": {"type": "integer", "minimum": 0},
              "error_count": {"type": "integer", "minimum": 0},
              "last_success": {"type": "string", "format": "date-time", "nullable": true},
              "last_error": {"type": "string", "format": "date-time", "nullable": true},
              "disabled": {"type": "boolean"},
              "tags": {"$ref": "#/components/schemas/StringMap"},
              "metadata": {"$ref": "#/components/schemas/StringMap"},
              "retries": {"type": "integer", "minimum": 0},
              "dependent_jobs": {"type": "array", "items": {"type": "string"}, "nullable": true},
              "parent_job": {"type": "string"},
              "processors": {"type": "object", "additionalProperties": {"$ref": "#/components/schemas/StringMap"}},
              "concurrency": {"type": "string", "enum": ["allow", "forbid"]},
              "executor": {"type": "string"},
              "executor_config": {"$ref": "#/components/schemas/StringMap"},
              "status": {"type": "string", "enum": ["", "success", "failed", "running", "partially_failed"]},
              "next": {"type": "string", "format": "date-time", "description": "0001-01-01T00:00:00Z when it never fires on its own"},
              "ephemeral": {"type": "boolean"},
              "expires_at": {"type": "string", "format": "date-time", "nullable": true},
              "starts_at": {"type": "string", "format": "date-time", "nullable": true}
            }
          },
          "JobInput": {
            "type": "object", "description": "A job as sent; unknown fields are refused, read-only fields (id, counters, status, next, dependent_jobs) are accepted and ignored",
            "required": ["name"],
            "additionalProperties": false,
            "properties": {
              "name": {"type": "string", "pattern": "^[a-z0-9_-]+$", "minLength": 1, "maxLength": 200},
              "displayname": {"type": "string", "maxLength": 1000},
              "timezone": {"type": "string", "description": "IANA zone; UTC when empty"},
              "schedule": {"type": "string", "description": "Cron (5 or 6 fields), @every <duration>, @at <time>, @manually, ...; empty only for a child job"},
              "owner": {"type": "string"},
              "owner_email": {"type": "string"},
              "disabled": {"type": "boolean"},
              "tags": {"$ref": "#/components/schemas/StringMap"},
              "metadata": {"$ref": "#/components/schemas/StringMap"},
              "retries": {"type": "integer", "minimum": 0, "maximum": 1000000},
              "parent_job": {"type": "string"},
              "processors": {"type": "object", "additionalProperties": {"$ref": "#/components/schemas/StringMap"}},
              "concurrency": {"type": "string", "enum": ["", "allow", "forbid"]},
              "executor": {"type": "string", "enum": ["shell", "http"]},
              "executor_config": {"$ref": "#/components/schemas/StringMap"},
              "ephemeral": {"type": "boolean"},
              "starts_at": {"type": "string", "description": "RFC 3339 time"},
              "expires_at": {"type": "string", "description": "RFC 3339 time"},
              "command": {"type": "string", "description": "Dkron before 1.2: the shell executor's command"},
              "shell": {"type": "boolean", "description": "Dkron before 1.2"},
              "environment_variables": {"type": "array", "items": {"type": "string"}, "description": "Dkron before 1.2: KEY=value"},
              "id": {"description": "ignored"},
              "success_count": {"description": "ignored"},
              "error_count": {"description": "ignored"},
              "last_success": {"description": "ignored"},
              "last_error": {"description": "ignored"},
              "dependent_jobs": {"description": "ignored"},
              "status": {"description": "ignored"},
              "next": {"description": "ignored"}
            }
          },
          "Execution": {
            "type": "object", "description": "One attempt of a job's run",
            "required": ["id", "job_name", "started_at", "finished_at", "success", "output", "node_name", "group", "attempt", "exit_code", "state"],
            "additionalProperties": false,
            "properties": {
              "id": {"type": "string", "description": "The attempt's number"},
              "job_name": {"type": "string"},
              "started_at": {"type": "string", "format": "date-time"},
              "finished_at": {"type": "string", "format": "date-time", "description": "0001-01-01T00:00:00Z while running"},
              "success": {"type": "boolean"},
              "output": {"type": "string"},
              "node_name": {"type": "string"},
              "group": {"type": "integer", "description": "The run's id: every attempt of one run shares it"},
              "attempt": {"type": "integer", "minimum": 1},
              "exit_code": {"type": "integer", "nullable": true},
              "state": {"type": "string", "enum": ["running", "success", "failed"]},
              "reason": {"type": "string", "description": "Why it failed when the exit code does not say"},
              "output_truncated": {"type": "boolean", "description": "Lists and single executions only, not /v1/busy"}
            }
          },
          "Workflow": {
            "type": "object", "description": "A workflow file (see docs/workflows.md); unknown fields are refused",
            "required": ["id", "tasks"],
            "additionalProperties": false,
            "properties": {
              "id": {"type": "string", "pattern": "^[a-z0-9_-]+$", "minLength": 1, "maxLength": 200},
              "description": {"type": "string"},
              "owner": {"type": "string"},
              "tags": {"type": "array", "items": {"type": "string"}},
              "schedule": {"type": "string", "nullable": true},
              "timezone": {"type": "string"},
              "start_date": {"type": "string"},
              "end_date": {"type": "string"},
              "catchup": {"type": "boolean"},
              "max_active_runs": {"type": "integer", "minimum": 1},
              "max_active_tasks": {"type": "integer", "minimum": 1},
              "params": {"type": "object"},
              "defaults": {"type": "object"},
              "notifications": {"type": "array", "items": {"type": "object"}},
              "tasks": {"type": "array", "minItems": 1, "items": {
                "type": "object", "required": ["id"],
                "properties": {
                  "id": {"type": "string", "pattern": "^[a-z0-9_-]+$", "minLength": 1, "maxLength": 200},
                  "command": {"type": "string"},
                  "http": {"type": "object"},
                  "trigger_workflow": {},
                  "upstream": {"type": "array", "items": {"type": "string"}}
                }
              }}
            }
          },
          "WorkflowStored": {
            "type": "object", "required": ["id", "version", "tasks", "changed"], "additionalProperties": false,
            "properties": {
              "id": {"type": "string"},
              "version": {"type": "string", "description": "The definition's content hash"},
              "tasks": {"type": "integer", "minimum": 1},
              "changed": {"type": "boolean", "description": "false when the same content was already stored"}
            }
          },
          "Healthy": {"type": "object", "required": ["status", "leader"], "additionalProperties": false,
                      "properties": {"status": {"type": "string", "enum": ["healthy"]}, "leader": {"type": "boolean"}}},
          "Unhealthy": {"type": "object", "required": ["status", "issues"], "additionalProperties": false,
                        "properties": {"status": {"type": "string", "enum": ["unhealthy"]}, "issues": {"type": "array", "items": {"type": "string"}}}}
        }
      }
    }
    """#
}
