using System.Text;
using Mouthpiece.Media;

namespace Mouthpiece.Core.Tests.Media;

public class ContainerSnifferTests
{
    private static SniffedKind Sniff(string ascii) => ContainerSniffer.Sniff(Encoding.UTF8.GetBytes(ascii));

    [Fact]
    public void Text_and_lists_are_recognised_whatever_the_file_is_called()
    {
        Assert.Equal(SniffedKind.Empty, ContainerSniffer.Sniff([]));
        Assert.Equal(SniffedKind.Playlist, Sniff("#EXTM3U\n#EXT-X-VERSION:3\nclip.ts\n"));
        Assert.Equal(SniffedKind.Playlist, Sniff("\uFEFF  #EXTM3U\n"));
        Assert.Equal(SniffedKind.Playlist, Sniff("<?xml version=\"1.0\"?><MPD>"));
        Assert.Equal(SniffedKind.ConcatList, Sniff("ffconcat version 1.0\nfile a.mp4\n"));
        Assert.Equal(SniffedKind.ConcatList, Sniff("file '/etc/passwd'\n"));
        Assert.Equal(SniffedKind.Text, Sniff("hello, this is not a video\n"));
        Assert.Equal(SniffedKind.Text, Sniff("你好，这不是视频\n"));
    }

    [Fact]
    public void Media_containers_are_recognised_by_their_magic_bytes()
    {
        Assert.Equal(SniffedKind.IsoMedia, ContainerSniffer.Sniff([0, 0, 0, 0x20, .. "ftypisom"u8]));
        Assert.Equal(SniffedKind.Matroska, ContainerSniffer.Sniff([0x1A, 0x45, 0xDF, 0xA3, 0x01]));
        Assert.Equal(SniffedKind.Riff, ContainerSniffer.Sniff([.. "RIFF"u8, 0, 0, 0, 0, .. "AVI "u8]));
        Assert.Equal(SniffedKind.Ogg, ContainerSniffer.Sniff("OggS\0\u0002"u8));
        Assert.Equal(SniffedKind.Flac, ContainerSniffer.Sniff("fLaC\0"u8));
        Assert.Equal(SniffedKind.Mp3, ContainerSniffer.Sniff("ID3\u0004\0"u8));
        Assert.Equal(SniffedKind.Adts, ContainerSniffer.Sniff([0xFF, 0xF1, 0x50, 0x80]));
        Assert.Equal(SniffedKind.Unknown, ContainerSniffer.Sniff([0x00, 0x01, 0x02, 0x03, 0xFE]));
    }

    [Fact]
    public void The_real_fixture_clip_is_iso_media()
    {
        Assert.Equal(SniffedKind.IsoMedia, ContainerSniffer.Sniff(TestData.File("media", "talking-3s.mp4")));
    }
}
