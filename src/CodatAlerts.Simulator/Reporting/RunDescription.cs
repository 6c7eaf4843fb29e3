using CodatAlerts.Simulator.Delivery;

namespace CodatAlerts.Simulator.Reporting;

/// <summary>What a run was asked to do, for the report's header.</summary>
internal sealed record RunDescription(DeliveryMode Mode, Uri Url, int Concurrency, double? RatePerSecond);
