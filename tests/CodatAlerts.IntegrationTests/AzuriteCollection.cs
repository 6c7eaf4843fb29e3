using CodatAlerts.Testing.Azurite;

namespace CodatAlerts.IntegrationTests;

/// <summary>The tests that share one Azurite.</summary>
[CollectionDefinition("Azurite")]
public sealed class AzuriteCollection : ICollectionFixture<AzuriteFixture>;
