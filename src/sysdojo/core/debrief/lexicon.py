"""The words the debrief listens for: per-skill vocabulary, technologies, vague phrases, and the
sentence patterns of trade-offs, failure modes and observability. Phrases are matched through
`match.norm` (case, hyphens, plurals), so each is written once in its plainest form; the regular
expressions run on `match.lower` text (lower case, hyphens as spaces, plurals kept)."""

from __future__ import annotations

import functools
import re

from sysdojo.core.numbers import numbers_load

# What shows that an answer touches a skill, beyond the case's answer key (which always counts).
SKILL_TERMS: dict[str, tuple[str, ...]] = {
    "requirements-scoping": ("functional requirement", "non functional", "nonfunctional", "out of scope",
                             "not in scope", "in scope", "assume", "assumption", "clarify", "availability",
                             "99.9", "99.99", "99.999", "nines", "read heavy", "write heavy", "dau",
                             "mau", "daily active"),
    "capacity-estimation": ("back of the envelope", "qps", "per second", "peak", "storage", "bandwidth",
                            "86,400", "86400", "peak factor", "read:write", "read/write ratio", "80/20",
                            "a day", "per day", "tb", "pb", "gbps"),
    "latency-numbers": ("nanosecond", "microsecond", "ns", "µs", "round trip", "rtt", "disk seek", "ssd",
                        "memory access", "main memory", "sub millisecond", "network hop", "ops/s per node",
                        "in memory", "cross region", "same datacenter", "same data center"),
    "networking-fundamentals": ("dns", "tcp", "tls", "http/2", "http2", "http/3", "quic", "websocket",
                                "long poll", "long polling", "keep alive", "udp", "grpc", "anycast",
                                "geodns", "server sent event", "sse", "head of line", "connection pool",
                                "mqtt", "handshake"),
    "api-design": ("api", "endpoint", "rest", "get /", "post /", "put /", "patch /", "delete /",
                   "status code", "pagination", "paginate", "cursor", "idempotency key", "versioning",
                   "/v1", "request body", "response", "openapi", "webhook", "201", "404", "409", "429"),
    "data-modeling": ("table", "schema", "primary key", "partition key", "clustering key", "sort key",
                      "index", "entity", "column", "denormalize", "denormalise", "denormalized",
                      "denormalised", "normalize", "foreign key", "access pattern", "composite key", "row"),
    "database-selection": ("postgres", "postgresql", "mysql", "cassandra", "dynamodb", "mongodb", "nosql",
                           "relational", "key value", "wide column", "document store", "acid", "newsql",
                           "spanner", "cockroachdb", "time series", "graph database", "clickhouse",
                           "scylla", "sql", "aurora", "bigtable", "hbase", "s3", "object storage"),
    "sharding": ("shard", "sharding", "sharded", "partitioning", "partitioned", "shard key", "reshard",
                 "resharding", "hot partition", "scatter gather", "vitess", "citus", "range partition",
                 "hash partition"),
    "caching": ("cache", "caching", "cached", "redis", "memcached", "ttl", "lru", "lfu", "eviction",
                "hit ratio", "hit rate", "cache aside", "write through", "write behind", "stampede",
                "hot key", "invalidate", "invalidation", "cdn"),
    "consistent-hashing": ("consistent hashing", "consistent hash", "hash ring", "token ring",
                           "virtual node", "vnode", "rendezvous", "hash slot", "jump hash", "ring"),
    "replication": ("replica", "replication", "replicated", "leader", "follower", "standby", "quorum",
                    "failover", "fail over", "multi region", "multi az", "zone", "rf=3", "rf 3",
                    "replication factor", "replication lag", "synchronous", "asynchronous", "backup",
                    "durability", "durable", "raft", "paxos", "read repair"),
    "high-level-architecture": ("service", "load balancer", "api gateway", "gateway", "component",
                                "data flow", "diagram", "client", "stateless", "read path", "write path",
                                "worker", "microservice", "monolith", "flow"),
    "message-queues": ("queue", "kafka", "sqs", "rabbitmq", "pub sub", "pubsub", "topic", "consumer",
                       "producer", "dead letter", "at least once", "exactly once", "at most once",
                       "event stream", "outbox", "kinesis", "pulsar", "consumer group", "offset"),
    "load-balancing": ("load balancer", "load balancing", "round robin", "least connection", "l4", "l7",
                       "nginx", "haproxy", "envoy", "health check", "sticky session", "gslb", "alb",
                       "nlb", "elb", "weighted"),
    "observability": ("metric", "monitoring", "monitor", "alert", "alerting", "sli", "slo", "dashboard",
                      "tracing", "trace", "logging", "log", "p99", "p95", "error budget", "burn rate",
                      "on call", "pager", "opentelemetry", "prometheus", "grafana", "consumer lag",
                      "synthetic", "golden signal"),
    "rate-limiting": ("rate limit", "rate limiting", "rate limiter", "throttle", "throttling",
                      "token bucket", "leaky bucket", "sliding window", "fixed window", "429",
                      "retry after", "quota", "abuse", "backpressure"),
    "cap-theorem": ("cap", "consistency", "eventual consistency", "eventually consistent",
                    "strong consistency", "strongly consistent", "linearizable", "linearizability",
                    "partition tolerance", "pacelc", "stale read", "read your write", "consistent"),
    "latency-budgets": ("latency budget", "p99", "p999", "p99.9", "p95", "p50", "tail latency",
                        "latency", "hedged", "timeout budget", "little's law", "milliseconds"),
    "failure-mode-analysis": ("failure", "fail", "goes down", "go down", "outage", "crash", "timeout",
                              "retry", "circuit breaker", "fallback", "fall back", "degrade", "degraded",
                              "blast radius", "backoff", "jitter", "cascading", "thundering herd",
                              "split brain", "data loss"),
}  # fmt: skip

# Vague phrases: a design decision stated with nothing to size it. They count against the answer when
# their sentence carries no number. The skill is the one they weaken (None: the answer as a whole).
VAGUE: tuple[tuple[str, str | None], ...] = (
    (r"\b(?:add|adding|use|using|put|throw)(?: in)? (?:a |an |some |more )?(?:cache|caching)(?: server)?s?\b",
     "caching"),
    (r"\b(?:some|lots of|a lot of|more) caching\b", "caching"),
    (r"\bcache (?:aggressively|everything|heavily)\b", "caching"),
    (r"\b(?:use|using|pick) (?:a |an |some )?(?:sql |nosql |relational |big |normal |regular )?databases?\b",
     "database-selection"),
    (r"\b(?:a|some) (?:sql|nosql) database\b", "database-selection"),
    (r"\bnosql,? which scales? better\b", "database-selection"),
    (r"\bscale (?:it |them |out )?horizontally\b", "high-level-architecture"),
    (r"\badd (?:more|extra) (?:web |app |application |cache )?(?:server|machine|node|box)(?:e?s)?\b",
     "high-level-architecture"),
    (r"\bautoscal(?:e|ing)\b", "high-level-architecture"),
    (r"\bshard (?:it |them |the database )?later\b", "sharding"),
    (r"\b(?:use|add) sharding\b", "sharding"),
    (r"\b(?:use|add) (?:a |some )?(?:message )?queues?\b", "message-queues"),
    (r"\badd (?:more |some )?(?:read )?replicas?\b", "replication"),
    (r"\bmonitoring and alerts?\b", "observability"),
    (r"\b(?:monitor|alert|alerts on|monitoring on) everything\b", "observability"),
    (r"\bhighly available\b", "requirements-scoping"),
    (r"\bfast and scalable\b", "requirements-scoping"),
    (r"\bshould be (?:fine|enough|plenty|ok|okay)\b", None),
    (r"\bscales? better\b", None),
    (r"\b(?:not|never) (?:a|really a) big (?:deal|problem|concern)\b", "capacity-estimation"),
    (r"\bwon't worry about\b|\bdon't (?:need to )?worry\b", None),
)  # fmt: skip

# Technologies beyond the numbers-to-know table (which adds its own ids and aliases).
COMMON_TECH: tuple[str, ...] = (
    "postgres", "postgresql", "mysql", "mariadb", "mongodb", "cassandra", "scylla", "scylladb", "dynamodb",
    "redis", "memcached", "kafka", "rabbitmq", "sqs", "sns", "kinesis", "pulsar", "nats", "zookeeper",
    "etcd", "consul", "elasticsearch", "opensearch", "solr", "clickhouse", "druid", "pinot", "bigquery",
    "hadoop", "spark", "flink", "hdfs", "s3", "gcs", "cloudfront", "cloudflare", "akamai", "fastly", "nginx",
    "haproxy", "envoy", "istio", "kubernetes", "k8s", "prometheus", "grafana", "datadog", "opentelemetry",
    "jaeger", "vitess", "citus", "cockroachdb", "spanner", "tidb", "foundationdb", "hbase", "bigtable",
    "neo4j", "influxdb", "timescaledb", "rocksdb", "lucene", "ffmpeg", "webrtc", "grpc", "graphql",
    "aurora", "rds", "cosmos db", "firestore", "couchbase", "aerospike", "hazelcast", "temporal",
    "airflow", "celery", "apns", "fcm", "snowflake", "debezium", "zipkin", "pagerduty", "route 53",
    "lambda", "ec2", "glacier", "hls", "dash", "tigerbeetle", "mqtt", "quic", "keydb", "dragonfly",
)  # fmt: skip

# Words that configure or size a technology ("Redis cluster, 6 shards, LRU").
CONFIG = re.compile(
    r"\b(?:lru|lfu|ttl|shard|partition|replica|rf|quorum|cluster|primary|standby|eviction|retention|"
    r"consumer group|topic|index|cache aside|write through|write behind|local quorum|local one|"
    r"sentinel|leader|follower|sorted set|hash slot|lua|geohash|geo|acks|isr|idempotent producer|"
    r"compaction|serializable|read committed|snapshot|wal|gsi|lsi|token ring|vnode)s?\b"
)

TRADEOFF = re.compile(
    r"\b(?:over|instead of|rather than) [^.;]{1,60}?\bbecause\b|\binstead of\b|\brather than\b"
    r"|\bat the cost of\b|\bin exchange for\b|\bthe (?:cost|downside|price|catch|trade off) is\b"
    r"|\btrade off\b|\bwe (?:give up|lose|accept)\b|\bi'd (?:take|pick|choose|use) [^.;]{1,40}?, not\b"
    r"|\b[a-z0-9]+ (?:vs|versus)\.? [a-z0-9]+[^.]{0,80}?(?:because|cost|:|but|since|so that|wins)"
    r"|\bwins because\b|\bworth it\b|\bcosts? (?:us )?(?:one|a|an|more|extra)\b"
)
FAILURE = re.compile(
    r"\b(?:goes down|go down|is down|are down|fails?|failed|failures?|outages?|crash(?:es|ed)?|dies|dead|"
    r"unavailable|unreachable|partitioned|network partition|lost|loses|lagging|times? out|overloaded|"
    r"stampede|split brain|corrupt(?:ed|ion)?|poison|retry storm|thundering herd|hot spot|hotspot|"
    r"slow (?:node|consumer|disk)|region outage|zone outage|double (?:charge|book|spend))\b"
)
MITIGATION = re.compile(
    r"\b(?:fail ?over|fails? over|promote[ds]?|retr(?:y|ies|ied)|fallback|fall back|falls back|degrade[ds]?|"
    r"replica|standby|circuit breaker|back ?off|drop(?:s|ped)?|buffer(?:ed|s)?|reroute|rebuild|replay|"
    r"idempoten\w*|dead letter|shed|reject|serve stale|stale|coalesc\w*|reconcil\w*|takes over|"
    r"survives?|keeps? (?:working|serving)|alert|page|restart|re ?balance|hedge|quorum|re ?drive|"
    r"compensat\w*|outbox|timeout)s?\b"
)
OBSERVABILITY = (
    "sli", "slo", "sla", "alert", "alerting", "page", "pager", "on call", "dashboard", "metric", "p99", "p95",
    "p999", "p50", "error rate", "error budget", "burn rate", "tracing", "distributed tracing", "trace",
    "structured log", "log", "logging", "opentelemetry", "prometheus", "grafana", "datadog", "consumer lag",
    "synthetic probe", "health check", "golden signal", "saturation", "hit ratio", "queue depth",
    "pool depth", "replication lag", "runbook",
)  # fmt: skip

# Generic components whose capacity a strong answer states ("3 Redis shards", "12 app servers").
COMPONENTS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("database", ("database", "db", "postgres", "mysql", "cassandra", "dynamodb", "mongodb", "scylla",
                  "spanner", "cockroachdb", "aurora", "vitess")),
    ("cache", ("cache", "redis", "memcached")),
    ("queue", ("queue", "kafka", "sqs", "rabbitmq", "kinesis", "pulsar", "broker")),
    ("load balancer", ("load balancer", "nginx", "haproxy", "envoy", "alb", "nlb")),
    ("cdn", ("cdn", "edge", "cloudfront", "akamai", "fastly")),
    ("app servers", ("app server", "web server", "application server", "service instance", "server",
                     "instance")),
    ("workers", ("worker", "consumer")),
    ("object storage", ("s3", "object storage", "blob store", "object store", "gcs")),
    ("search index", ("elasticsearch", "opensearch", "search index", "solr")),
)  # fmt: skip
SIZED = re.compile(
    r"(?<![\w.])\d[\d,.]*\s*(?:k|m|b|t|x)?\s*(?:node|shard|server|instance|replica|partition|broker|"
    r"primary|primarie|machine|box|boxe|host|worker|pod|gb|tb|pb|mb|kb|gib|tib|/s|qps|rps|ops|ops/s|"
    r"per second|a second|gbps|mbps|tbps|connection|core|vcpu|region|zone|az|cluster|consumer|thread|"
    r"reads?/s|writes?/s|request|%)s?(?![a-z])"
)


@functools.lru_cache(maxsize=1)
def technologies() -> tuple[str, ...]:
    """Technology names: the numbers-to-know table (ids and aliases) plus COMMON_TECH, longest first."""
    names = set(COMMON_TECH)
    for tech in numbers_load().technologies:
        names.add(tech.id.replace("-", " "))
        names.update(a.replace("-", " ") for a in tech.aliases)
    return tuple(sorted(names, key=lambda n: (-len(n), n)))
