namespace CodatAlerts.Testing.Azurite;

/// <summary>
/// One Azurite shared by a test collection. xunit needs the <c>[CollectionDefinition]</c> in the test assembly itself,
/// so each test project declares its own collection over this fixture.
/// </summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    private AzuriteInstance? _instance;

    public AzuriteInstance Instance => _instance ?? throw new InvalidOperationException("Azurite has not started.");

    public string ConnectionString => Instance.ConnectionString;

    public async Task InitializeAsync() => _instance = await AzuriteInstance.StartAsync();

    public async Task DisposeAsync()
    {
        if (_instance is not null)
        {
            await _instance.DisposeAsync();
        }
    }
}
