using CodatAlerts.Intake;

namespace CodatAlerts.Tests.Intake;

public sealed class BoundedBodyReaderTests
{
    [Theory]
    [InlineData(0, null)]
    [InlineData(1_024, null)]
    [InlineData(1_024, 1_024L)]
    [InlineData(10_000, null)]
    [InlineData(10_000, 10_000L)]
    public async Task A_body_up_to_the_cap_is_read_whole(int size, long? declared)
    {
        // Arrange
        var bytes = Enumerable.Range(0, size).Select(i => (byte)i).ToArray();

        // Act
        var body = await BoundedBodyReader.ReadAsync(new TrickleStream(bytes), 10_000, declared, CancellationToken.None);

        // Assert
        Assert.NotNull(body);
        Assert.Equal(bytes, body);
    }

    [Theory]
    [InlineData(10_001, null)]
    [InlineData(50_000, null)]
    public async Task A_body_over_the_cap_is_refused_even_when_its_declared_length_lies(int size, long? declared)
    {
        // Act
        var body = await BoundedBodyReader.ReadAsync(new TrickleStream(new byte[size]), 10_000, declared, CancellationToken.None);

        // Assert
        Assert.Null(body);
    }

    [Fact]
    public async Task A_declared_length_frames_the_body_as_HTTP_does_however_long_the_stream_runs()
    {
        // Arrange: the host never hands a body past its Content-Length; if a stream did, the rest is not this body.
        var stream = new TrickleStream(Enumerable.Range(0, 50_000).Select(i => (byte)i).ToArray());

        // Act
        var body = await BoundedBodyReader.ReadAsync(stream, 10_000, 100, CancellationToken.None);

        // Assert
        Assert.Equal(Enumerable.Range(0, 100).Select(i => (byte)i), body!);
        Assert.Equal(100, stream.Position);
    }

    [Fact]
    public async Task A_stream_shorter_than_its_declared_length_gives_what_it_holds()
    {
        // Act
        var body = await BoundedBodyReader.ReadAsync(new TrickleStream(new byte[1_500]), 10_000, 9_000, CancellationToken.None);

        // Assert
        Assert.Equal(1_500, body!.Length);
    }

    [Fact]
    public async Task A_declared_length_over_the_cap_is_refused_without_reading()
    {
        // Arrange
        var stream = new TrickleStream(new byte[10]);

        // Act
        var body = await BoundedBodyReader.ReadAsync(stream, 10_000, 10_001, CancellationToken.None);

        // Assert
        Assert.Null(body);
        Assert.Equal(0, stream.Position);
    }

    /// <summary>Returns at most 700 bytes per read, as a network stream does.</summary>
    private sealed class TrickleStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(buffer.Length, 700)], cancellationToken);
    }
}
