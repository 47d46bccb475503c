using System.Threading.Channels;
using Mouthpiece.Jobs;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace Mouthpiece.Distributed.RabbitMq;

/// <summary>
/// Wake-ups through RabbitMQ's durable work queue. A worker process consumes with manual acknowledgement and a
/// prefetch of its slots: each slot holds the message that woke it until the job it took is settled, so the broker
/// never hands a process more wake-ups than it has free slots, and the messages of a process that dies go straight
/// to the others. A wake-up names no job: the woken slot takes whatever the store says is next. A message that is
/// not a wake-up is rejected to the dead-letter queue.
/// </summary>
public sealed class RabbitDispatch(RabbitBroker broker, int slots) : IJobDispatch, IAsyncDisposable
{
    /// <summary>The whole body of a wake-up.</summary>
    public static readonly ReadOnlyMemory<byte> WakeUp = "wake"u8.ToArray();

    private readonly Channel<Delivery> _deliveries = Channel.CreateUnbounded<Delivery>();
    private readonly SemaphoreSlim _gate = new(1);
    private IChannel? _publisher;
    private IChannel? _consumer;

    public async Task AnnounceAsync(int jobs, CancellationToken cancellationToken = default)
    {
        if (jobs <= 0)
            return;
        try
        {
            var publisher = await PublisherAsync(cancellationToken);
            var properties = new BasicProperties { Persistent = true };
            for (var i = 0; i < jobs; i++)
                await publisher.BasicPublishAsync("", RabbitBroker.WorkQueue, mandatory: false, properties, WakeUp, cancellationToken);
        }
        catch (Exception e) when (RabbitBroker.IsOutage(e))
        {
            // The jobs are safe in the store; the sweeper wakes workers for them once the broker is back.
        }
    }

    /// <summary>Ready wake-ups waiting in the queue (not counting those held by working slots).</summary>
    public async Task<uint> WaitingWakeUpsAsync(CancellationToken cancellationToken = default)
    {
        var publisher = await PublisherAsync(cancellationToken);
        return await publisher.MessageCountAsync(RabbitBroker.WorkQueue, cancellationToken);
    }

    public async Task<IAsyncDisposable> WaitForWorkAsync(TimeSpan poll, bool tookWork, CancellationToken cancellationToken)
    {
        while (true)
        {
            await EnsureConsumingAsync(cancellationToken);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(poll);
            try
            {
                return await _deliveries.Reader.ReadAsync(timeout.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // Without the broker, look in the store now and then, so work goes on while it restarts.
                if (!broker.Connection.IsOpen)
                    return Delivery.None;
            }
        }
    }

    /// <summary>Starts consuming on the first wait: a process without workers never takes wake-ups it cannot use.</summary>
    private async Task EnsureConsumingAsync(CancellationToken cancellationToken)
    {
        if (_consumer is { IsOpen: true } || !broker.Connection.IsOpen)
            return;
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_consumer is { IsOpen: true })
                return;
            // A channel the broker closed (say, for holding a message past its consumer timeout) is not recovered by the client.
            if (_consumer is not null)
                await _consumer.DisposeAsync();
            var channel = await broker.Connection.CreateChannelAsync(cancellationToken: cancellationToken);
            await channel.BasicQosAsync(0, (ushort)Math.Clamp(slots, 1, ushort.MaxValue), global: false, cancellationToken);
            var consumer = new AsyncEventingBasicConsumer(channel);
            consumer.ReceivedAsync += (_, message) => ReceiveAsync(channel, message);
            await channel.BasicConsumeAsync(RabbitBroker.WorkQueue, autoAck: false, consumer, cancellationToken);
            _consumer = channel;
        }
        catch (Exception e) when (RabbitBroker.IsOutage(e))
        {
            // Consumed again at the next wait, once the broker is back.
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task ReceiveAsync(IChannel channel, BasicDeliverEventArgs message)
    {
        if (!message.Body.Span.SequenceEqual(WakeUp.Span))
        {
            // Not ours (a mistyped tool, an old version): looking at it again would give the same answer.
            await channel.BasicRejectAsync(message.DeliveryTag, requeue: false);
            return;
        }
        await _deliveries.Writer.WriteAsync(new Delivery(channel, message.DeliveryTag));
    }

    private async Task<IChannel> PublisherAsync(CancellationToken cancellationToken)
    {
        if (_publisher is { IsOpen: true } open)
            return open;
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_publisher is { IsOpen: true } again)
                return again;
            if (_publisher is not null)
                await _publisher.DisposeAsync();
            // Confirms: a wake-up is announced only once the broker has it on disk.
            _publisher = await broker.Connection.CreateChannelAsync(
                new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true), cancellationToken);
            return _publisher;
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var channel in new[] { _consumer, _publisher })
            if (channel is not null)
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
        _gate.Dispose();
    }

    /// <summary>A wake-up held by a worker slot; acknowledged when the slot is free again.</summary>
    private sealed class Delivery(IChannel? channel, ulong tag) : IAsyncDisposable
    {
        public static readonly Delivery None = new(null, 0);

        public async ValueTask DisposeAsync()
        {
            if (channel is null)
                return;
            try
            {
                await channel.BasicAckAsync(tag, multiple: false);
            }
            catch (Exception e) when (RabbitBroker.IsOutage(e))
            {
                // The channel went away with the broker; the message was handed back and wakes someone for nothing.
            }
        }
    }
}
