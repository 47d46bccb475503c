using Mouthpiece.Jobs;

namespace Mouthpiece.Core.Tests.Jobs;

public sealed class NetworkFileSystemTests
{
    [Theory]
    [InlineData("nfs")]
    [InlineData("nfs4")]
    [InlineData("cifs")]
    [InlineData("smb2")]
    [InlineData("ceph")]
    [InlineData("9p")]
    [InlineData("fuse.sshfs")]
    [InlineData("fuse")]
    public void Network_file_systems_are_told_apart(string type) => Assert.True(NetworkFileSystem.IsNetworkType(type));

    [Theory]
    [InlineData("ext4")]
    [InlineData("xfs")]
    [InlineData("btrfs")]
    [InlineData("overlay")]
    [InlineData("tmpfs")]
    public void Local_file_systems_are_kept(string type) => Assert.False(NetworkFileSystem.IsNetworkType(type));

    [Fact]
    public void The_test_folder_is_local_and_the_refusal_names_the_folder_the_type_and_the_way_out()
    {
        NetworkFileSystem.EnsureLocal(Path.GetTempPath());
        Assert.NotNull(NetworkFileSystem.TypeOf(Path.GetTempPath()));

        var message = NetworkFileSystem.RefusalMessage("/mnt/share/data", "nfs4").ToString();

        Assert.Contains("/mnt/share/data", message, StringComparison.Ordinal);
        Assert.Contains("(nfs4)", message, StringComparison.Ordinal);
        Assert.Contains("--store postgres://", message, StringComparison.Ordinal);
    }
}
