using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Mouthpiece.Jobs;
using Mouthpiece.Messages;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace Mouthpiece.Distributed.RabbitMq;

/// <summary>
/// Job changes over RabbitMQ's topic exchange: every node publishes what its workers and users change, and every
/// node follows the exchange through a queue of its own that lives as long as its connection. A page served by one
/// node thus shows live what a worker on another machine does, and a cancel reaches the worker holding the job at
/// once. Events are not persisted: one lost in a broker restart is overtaken by the next, and pages reload the
/// state from the store whenever they reconnect.
/// </summary>
public sealed class RabbitEventFeed : IJobEventFeed, IAsyncDisposable
{
    private const string NodeHeader = "node";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly RabbitBroker _broker;
    private readonly string _node;
    private readonly Channel<JobUpdate> _outgoing = Channel.CreateBounded<JobUpdate>(new BoundedChannelOptions(4096) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
    private readonly CancellationTokenSource _closing = new();
    private readonly Task _sending;

    /// <param name="node">This process's tag: its own events come back through the exchange and are skipped.</param>
    public RabbitEventFeed(RabbitBroker broker, string node)
    {
        _broker = broker;
        _node = node;
        _sending = Task.Run(() => SendAsync(_closing.Token));
    }

    public void Publish(JobUpdate update) => _outgoing.Writer.TryWrite(update);

    public async Task FollowAsync(JobEvents events, string processTag, CancellationToken cancellationToken)
    {
        var channel = await _broker.Connection.CreateChannelAsync(cancellationToken: cancellationToken);
        try
        {
            var queue = await channel.QueueDeclareAsync("", durable: false, exclusive: true, autoDelete: true, cancellationToken: cancellationToken);
            await channel.QueueBindAsync(queue.QueueName, RabbitBroker.EventsExchange, "job.#", cancellationToken: cancellationToken);
            var consumer = new AsyncEventingBasicConsumer(channel);
            consumer.ReceivedAsync += (_, message) =>
            {
                Deliver(events, message);
                return Task.CompletedTask;
            };
            await channel.BasicConsumeAsync(queue.QueueName, autoAck: true, consumer, cancellationToken);
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        finally
        {
            await CloseQuietlyAsync(channel);
        }
    }

    private void Deliver(JobEvents events, BasicDeliverEventArgs message)
    {
        if (message.BasicProperties.Headers?.TryGetValue(NodeHeader, out var node) == true && node is byte[] bytes && Encoding.UTF8.GetString(bytes) == _node)
            return;
        try
        {
            if (JsonSerializer.Deserialize<WireUpdate>(message.Body.Span, Json) is { JobId.Length: > 0 } update)
                events.Publish(update.ToUpdate());
        }
        catch (Exception e) when (e is JsonException or ArgumentException)
        {
            // Not an event of ours; events are best effort, so it is dropped.
        }
    }

    private async Task SendAsync(CancellationToken closing)
    {
        IChannel? channel = null;
        try
        {
            await foreach (var update in _outgoing.Reader.ReadAllAsync(closing))
            {
                try
                {
                    channel ??= await _broker.Connection.CreateChannelAsync(cancellationToken: closing);
                    var properties = new BasicProperties { Headers = new Dictionary<string, object?> { [NodeHeader] = _node } };
                    var key = "job." + update.State.ToString().ToLowerInvariant();
                    await channel.BasicPublishAsync(RabbitBroker.EventsExchange, key, mandatory: false, properties, JsonSerializer.SerializeToUtf8Bytes(WireUpdate.Of(update), Json), closing);
                }
                catch (Exception e) when (RabbitBroker.IsOutage(e))
                {
                    // The broker is restarting: this update is lost, the next ones go out once it is back.
                    if (channel is { IsOpen: false })
                    {
                        channel.Dispose();
                        channel = null;
                    }
                }
            }
        }
        catch (OperationCanceledException) when (closing.IsCancellationRequested)
        {
        }
        finally
        {
            if (channel is not null)
                await CloseQuietlyAsync(channel);
        }
    }

    private static async Task CloseQuietlyAsync(IChannel channel)
    {
        try
        {
            await channel.CloseAsync();
        }
        catch (Exception e) when (RabbitBroker.IsOutage(e))
        {
        }
        channel.Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        _outgoing.Writer.TryComplete();
        // Lets the last updates (a job's final state) go out before the connection closes.
        await _sending.WaitAsync(TimeSpan.FromSeconds(2)).ContinueWith(_ => { }, TaskScheduler.Default);
        await _closing.CancelAsync();
        _closing.Dispose();
    }

    /// <summary>A job update as it travels: messages as their code and their parameters' JSON, as the stores keep them.</summary>
    private sealed record WireUpdate(
        string JobId, string? BatchId, JobState State, string StageCode, string? StageParams, double Progress, double? RemainingMs,
        string? ErrorCode, string? ErrorParams)
    {
        public static WireUpdate Of(JobUpdate update) => new(
            update.JobId, update.BatchId, update.State, update.Stage.Code, MessageJson.WriteParams(update.Stage), update.Progress,
            update.Remaining?.TotalMilliseconds, update.Error?.Code, update.Error is { } error ? MessageJson.WriteParams(error) : null);

        public JobUpdate ToUpdate() => new(
            JobId, BatchId, State, MessageJson.Read(StageCode, StageParams), Progress,
            RemainingMs is { } ms ? TimeSpan.FromMilliseconds(ms) : null, ErrorCode is { } code ? MessageJson.Read(code, ErrorParams) : null);
    }
}
