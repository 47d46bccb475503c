using Microsoft.AspNetCore.Server.Kestrel.Core;
using Mouthpiece.Messages;
using Mouthpiece.Web.Uploads;

namespace Mouthpiece.Web.Requests;

/// <summary>
/// How much a client may send and how slowly: bodies of 1 MiB (uploads raise their own limit), headers within
/// <see cref="WebAppOptions.HeadersTimeout"/>, bodies at least <see cref="WebAppOptions.MinBodyBytesPerSecond"/>
/// on average, and never silent for <see cref="WebAppOptions.BodyIdleTimeout"/>. Kestrel's rate is an average
/// over the whole body, so a client that sends 100 KB at once and then nothing would pass it for minutes; the
/// idle timeout cuts such a body off.
/// </summary>
public static class RequestLimits
{
    public const long MaxJsonBodyBytes = 1024 * 1024;

    public static IServiceCollection AddRequestLimits(this IServiceCollection services)
    {
        services.AddOptions<KestrelServerOptions>().Configure<WebAppOptions>((kestrel, web) =>
        {
            kestrel.Limits.MaxRequestBodySize = MaxJsonBodyBytes;
            kestrel.Limits.MinRequestBodyDataRate = new MinDataRate(web.MinBodyBytesPerSecond, gracePeriod: TimeSpan.FromSeconds(10));
            kestrel.Limits.RequestHeadersTimeout = web.HeadersTimeout;
            kestrel.ConfigureEndpointDefaults(listen => web.EnsureSafeToListen(listen.EndPoint));
        });
        return services;
    }

    public static IApplicationBuilder UseRequestLimits(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        if (context.Request.ContentLength > 0 || context.Request.Headers.TransferEncoding.Count > 0)
        {
            var idle = context.RequestServices.GetRequiredService<WebAppOptions>().BodyIdleTimeout;
            context.Request.Body = new IdleTimeoutStream(context.Request.Body, idle);
        }
        return next(context);
    });

    /// <summary>A request body whose reads fail with 408 when no byte arrives for the idle time.</summary>
    private sealed class IdleTimeoutStream(Stream inner, TimeSpan idle) : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            using var quiet = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            quiet.CancelAfter(idle);
            try
            {
                return await inner.ReadAsync(buffer, quiet.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new UploadRejectedException(StatusCodes.Status408RequestTimeout, Codes.Requests.BodyStalled(Math.Round(idle.TotalSeconds)));
            }
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override int Read(byte[] buffer, int offset, int count) =>
            throw new NotSupportedException("request bodies are read asynchronously");

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
