// The cluster tests start real processes against one shared RabbitMQ and restart the services; on a two-core
// machine they run one class at a time, and the contract tests are quick enough not to need parallel runs.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
