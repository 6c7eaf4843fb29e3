using Azure.Storage.Queues.Models;
using CodatAlerts.Operations.Background;
using Microsoft.Azure.Functions.Worker;

namespace CodatAlerts.Functions.Functions;

/// <summary>
/// Runs background operator operations: one message on <c>operator-operations</c> (the app's storage connection, as
/// the partition triggers) per operation, carrying its id. <see cref="QueueMessage"/> keeps <c>DequeueCount</c>, which
/// the runner needs to mark an operation failed on the host's last try instead of letting it go to poison.
/// </summary>
public sealed class RunOperatorOperation(OperatorOperationRunner runner)
{
    [Function(nameof(RunOperatorOperation))]
    public Task Run([QueueTrigger(OperationMessages.QueueName)] QueueMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        return runner.RunAsync(message.Body.ToString(), message.DequeueCount, cancellationToken);
    }
}
