using System.Security.Cryptography;
using Mouthpiece.Media;

namespace Mouthpiece.Core.Tests.Media;

public sealed class ContentHashTests(Scratch scratch) : IClassFixture<Scratch>
{
    [Fact]
    public async Task Is_the_sha256_of_the_bytes_in_lowercase_hex()
    {
        var path = scratch.Write("abc.bin", "abc"u8.ToArray());

        var hash = await ContentHash.OfFileAsync(path);

        Assert.Equal("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", hash.Hex);
    }

    [Fact]
    public async Task Names_content_not_files_and_streams_large_ones()
    {
        var content = new byte[5 * 1024 * 1024 + 3];
        new Random(7).NextBytes(content);
        var one = scratch.Write("one.mp4", content);
        var renamed = scratch.Write("copy with another name.mov", content);
        content[^1] ^= 1;
        var changed = scratch.Write("changed.mp4", content);

        Assert.Equal(await ContentHash.OfFileAsync(one), await ContentHash.OfFileAsync(renamed));
        Assert.NotEqual(await ContentHash.OfFileAsync(one), await ContentHash.OfFileAsync(changed));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(content)), (await ContentHash.OfFileAsync(changed)).Hex);
    }

    [Fact]
    public void Parses_a_kept_hash_and_refuses_anything_else()
    {
        const string Hex = "BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD";

        Assert.Equal(Hex.ToLowerInvariant(), ContentHash.Parse(Hex).Hex);
        Assert.Throws<FormatException>(() => ContentHash.Parse(Hex[1..]));
        Assert.Throws<FormatException>(() => ContentHash.Parse("../../etc/passwd" + Hex[16..]));
    }
}
