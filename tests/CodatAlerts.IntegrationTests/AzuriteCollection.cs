using System.Diagnostics.CodeAnalysis;
using CodatAlerts.Testing.Azurite;

namespace CodatAlerts.IntegrationTests;

/// <summary>One real Azurite for every storage test of this assembly; the tests of a collection run one at a time.</summary>
[CollectionDefinition("Azurite")]
[SuppressMessage("Naming", "CA1711:Identifiers should not have incorrect suffix", Justification = "xunit's name for a collection definition.")]
public sealed class AzuriteCollection : ICollectionFixture<AzuriteFixture>;
