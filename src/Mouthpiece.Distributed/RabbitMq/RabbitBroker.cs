using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace Mouthpiece.Distributed.RabbitMq;

/// <summary>
/// This process's connection to RabbitMQ and the names everything uses there. The connection recovers by itself
/// after a broker restart or a network cut (queues, bindings and consumers included); meanwhile workers fall back to
/// polling the store and screens miss some progress, but no job is lost: the broker carries only wake-ups and events.
/// </summary>
public sealed class RabbitBroker : IAsyncDisposable
{
    /// <summary>The durable work queue: one message per job that became ready, a wake-up for one idle worker slot.</summary>
    public const string WorkQueue = "mouthpiece.work";

    /// <summary>Where messages no worker can handle end up, for a person to look at.</summary>
    public const string DeadLetterQueue = "mouthpiece.work.dead";

    /// <summary>The topic exchange that carries job changes to every node (routing key <c>job.STATE</c>).</summary>
    public const string EventsExchange = "mouthpiece.events";

    private const string DeadLetterExchange = "mouthpiece.dead";

    /// <summary>A wake-up that has been delivered this often without being handled (its consumer died each time) is dead-lettered.</summary>
    private const int DeliveryLimit = 20;

    private RabbitBroker(IConnection connection, string description)
    {
        Connection = connection;
        Description = description;
    }

    public IConnection Connection { get; }

    /// <summary>The broker's address without the password.</summary>
    public string Description { get; }

    /// <exception cref="FormatException">The URL is not an amqp:// URL.</exception>
    /// <exception cref="InvalidOperationException">The broker cannot be reached, with the reason.</exception>
    public static async Task<RabbitBroker> ConnectAsync(string url, string clientName, CancellationToken cancellationToken = default)
    {
        var factory = Factory(url);
        factory.ClientProvidedName = clientName;
        var description = $"amqp://{factory.UserName}@{factory.HostName}:{factory.Port}{(factory.VirtualHost == "/" ? "/" : "/" + factory.VirtualHost)}";
        IConnection connection;
        try
        {
            connection = await factory.CreateConnectionAsync(cancellationToken);
        }
        catch (BrokerUnreachableException e)
        {
            throw new InvalidOperationException($"cannot reach RabbitMQ at {description}: {e.InnerException?.Message ?? e.Message}", e);
        }
        var broker = new RabbitBroker(connection, description);
        await broker.DeclareAsync(cancellationToken);
        return broker;
    }

    /// <exception cref="FormatException">The URL is not an amqp:// URL.</exception>
    public static ConnectionFactory Factory(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("amqp" or "amqps"))
            throw new FormatException($"--broker: expected amqp://user:password@host:port/, got '{url}'");
        return new ConnectionFactory
        {
            Uri = uri,
            AutomaticRecoveryEnabled = true,
            TopologyRecoveryEnabled = true,
            NetworkRecoveryInterval = TimeSpan.FromSeconds(1),
            RequestedHeartbeat = TimeSpan.FromSeconds(10),
        };
    }

    /// <summary>Declares the queues and exchanges (idempotent: every node does it at start).</summary>
    private async Task DeclareAsync(CancellationToken cancellationToken)
    {
        await using var channel = await Connection.CreateChannelAsync(cancellationToken: cancellationToken);
        await channel.ExchangeDeclareAsync(DeadLetterExchange, ExchangeType.Fanout, durable: true, autoDelete: false, cancellationToken: cancellationToken);
        await channel.QueueDeclareAsync(DeadLetterQueue, durable: true, exclusive: false, autoDelete: false, cancellationToken: cancellationToken);
        await channel.QueueBindAsync(DeadLetterQueue, DeadLetterExchange, "", cancellationToken: cancellationToken);
        // A quorum queue counts deliveries, so a message whose consumer keeps dying is dead-lettered instead of circling forever.
        await channel.QueueDeclareAsync(WorkQueue, durable: true, exclusive: false, autoDelete: false, arguments: new Dictionary<string, object?>
        {
            ["x-queue-type"] = "quorum",
            ["x-dead-letter-exchange"] = DeadLetterExchange,
            ["x-delivery-limit"] = DeliveryLimit,
        }, cancellationToken: cancellationToken);
        await channel.ExchangeDeclareAsync(EventsExchange, ExchangeType.Topic, durable: true, autoDelete: false, cancellationToken: cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await Connection.CloseAsync(TimeSpan.FromSeconds(2));
        }
        catch (Exception e) when (e is AlreadyClosedException or OperationInterruptedException or IOException or TimeoutException)
        {
            // Already gone; nothing to close.
        }
        Connection.Dispose();
    }

    /// <summary>A broker fault (restarting, unreachable, channel closed) rather than a bug.</summary>
    public static bool IsOutage(Exception e) =>
        e is AlreadyClosedException or OperationInterruptedException or BrokerUnreachableException or PublishException or IOException or TimeoutException
        || (e is OperationCanceledException && e.InnerException is TimeoutException);
}
