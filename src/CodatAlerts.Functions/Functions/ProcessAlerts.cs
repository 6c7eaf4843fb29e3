using Azure.Storage.Queues.Models;
using CodatAlerts.Processing;
using CodatAlerts.Queueing;
using Microsoft.Azure.Functions.Worker;

namespace CodatAlerts.Functions.Functions;

/// <summary>
/// One queue trigger per partition queue: a trigger binds one constant queue name and each function scales on its
/// own on Flex Consumption. Every method hands its message to the same processor, which owns retries, deferrals and
/// poison itself; only a failure it cannot handle (storage unreachable before the claim) surfaces as an exception,
/// which the host answers with a retry after <c>visibilityTimeout</c> and, after <c>maxDequeueCount</c>, a move to
/// <c>-poison</c>. <see cref="QueueMessage"/> keeps <c>MessageId</c>, the claim owner. The host's cancellation token
/// (shutdown) reaches the handlers with the claim's own.
/// </summary>
public sealed class ProcessAlerts(AlertProcessor processor)
{
    [Function("ProcessAlerts00")]
    public Task Run00([QueueTrigger(AlertPartitions.Queue00)] QueueMessage message, CancellationToken cancellationToken) =>
        processor.ProcessAsync(AlertPartitions.Queue00, message, cancellationToken);

    [Function("ProcessAlerts01")]
    public Task Run01([QueueTrigger(AlertPartitions.Queue01)] QueueMessage message, CancellationToken cancellationToken) =>
        processor.ProcessAsync(AlertPartitions.Queue01, message, cancellationToken);

    [Function("ProcessAlerts02")]
    public Task Run02([QueueTrigger(AlertPartitions.Queue02)] QueueMessage message, CancellationToken cancellationToken) =>
        processor.ProcessAsync(AlertPartitions.Queue02, message, cancellationToken);

    [Function("ProcessAlerts03")]
    public Task Run03([QueueTrigger(AlertPartitions.Queue03)] QueueMessage message, CancellationToken cancellationToken) =>
        processor.ProcessAsync(AlertPartitions.Queue03, message, cancellationToken);

    [Function("ProcessAlerts04")]
    public Task Run04([QueueTrigger(AlertPartitions.Queue04)] QueueMessage message, CancellationToken cancellationToken) =>
        processor.ProcessAsync(AlertPartitions.Queue04, message, cancellationToken);

    [Function("ProcessAlerts05")]
    public Task Run05([QueueTrigger(AlertPartitions.Queue05)] QueueMessage message, CancellationToken cancellationToken) =>
        processor.ProcessAsync(AlertPartitions.Queue05, message, cancellationToken);

    [Function("ProcessAlerts06")]
    public Task Run06([QueueTrigger(AlertPartitions.Queue06)] QueueMessage message, CancellationToken cancellationToken) =>
        processor.ProcessAsync(AlertPartitions.Queue06, message, cancellationToken);

    [Function("ProcessAlerts07")]
    public Task Run07([QueueTrigger(AlertPartitions.Queue07)] QueueMessage message, CancellationToken cancellationToken) =>
        processor.ProcessAsync(AlertPartitions.Queue07, message, cancellationToken);
}
