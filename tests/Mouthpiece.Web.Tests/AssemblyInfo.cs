// Each test class starts its own server with render workers; on a two-core machine they run one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
