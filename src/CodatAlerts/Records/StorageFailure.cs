using Azure;

namespace CodatAlerts.Records;

/// <summary>Which exceptions mean "storage did not answer": the inspector answers 503 for them, never 500.</summary>
internal static class StorageFailure
{
    /// <summary>
    /// A refusal or error from storage, a network failure after the client's retries (an <see cref="AggregateException"/>),
    /// or a time-out (a cancellation the caller did not ask for). The caller's own cancellation is not a failure.
    /// </summary>
    public static bool Is(Exception exception, CancellationToken cancellationToken) =>
        exception is RequestFailedException or AggregateException or IOException or TimeoutException or HttpRequestException
        || (exception is OperationCanceledException && !cancellationToken.IsCancellationRequested);
}
