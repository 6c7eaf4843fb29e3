namespace CodatAlerts.Functions.Console;

/// <summary>One file of the console's shell: its exact bytes, how browsers must read it, and its validator.</summary>
/// <param name="Content">The file as embedded in the assembly.</param>
/// <param name="ContentType">The media type (with charset for text), sent with <c>nosniff</c> so browsers never guess.</param>
/// <param name="ETag">A strong validator over <paramref name="Content"/>, so a reload costs a 304, not the bytes.</param>
internal sealed record ConsoleAsset(byte[] Content, string ContentType, string ETag);
