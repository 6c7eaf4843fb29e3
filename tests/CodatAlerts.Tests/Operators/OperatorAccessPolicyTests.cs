using System.Text;
using CodatAlerts.Operators;

namespace CodatAlerts.Tests.Operators;

/// <summary>Who gets in, as what, and who does not: each way of proving who one is, and each refusal.</summary>
public sealed class OperatorAccessPolicyTests : IDisposable
{
    private static readonly PlatformSignals Local = new(InAzure: false, EasyAuthEnabled: false);
    private static readonly PlatformSignals AzureWithEasyAuth = new(InAzure: true, EasyAuthEnabled: true);
    private static readonly PlatformSignals AzureWithoutEasyAuth = new(InAzure: true, EasyAuthEnabled: false);

    private readonly TestTenant _tenant = new();

    public void Dispose() => _tenant.Dispose();

    [Fact]
    public async Task Admits_a_reader_token_to_read_and_refuses_it_to_act()
    {
        // Arrange
        var policy = EntraPolicy(AzureWithoutEasyAuth);
        var bearer = ("Authorization", "Bearer " + _tenant.AccessToken(OperatorRoles.Reader));

        // Act
        var read = await policy.DecideAsync(Requests.Get(bearer), CancellationToken.None);
        var act = await policy.DecideAsync(Requests.Post(bearer), CancellationToken.None);

        // Assert
        Assert.Equal(OperatorRole.Reader, read.Operator!.Role);
        Assert.Equal("entra-id", read.Operator.Method);
        Assert.False(read.Operator.MayReadBodies);
        Assert.Equal(AccessRefusalKind.Forbidden, act.Refusal!.Kind);
        Assert.Equal("reader acting", act.Refusal.Reason);
    }

    [Fact]
    public async Task Admits_an_operator_token_to_act_without_any_browser_header_and_the_operator_role_wins()
    {
        // Arrange
        var policy = EntraPolicy(AzureWithoutEasyAuth);
        var bearer = ("Authorization", "Bearer " + _tenant.AccessToken(OperatorRoles.Reader, OperatorRoles.Operator));

        // Act
        var decision = await policy.DecideAsync(Requests.Post(bearer), CancellationToken.None);

        // Assert
        Assert.Equal(OperatorRole.Operator, decision.Operator!.Role);
        Assert.Equal(TestTenant.ScriptAppId, decision.Operator.Name);
        Assert.Equal("7a1c2e3f-4b5d-6e7f-8091-a2b3c4d5e6f7", decision.Operator.ObjectId);
    }

    [Fact]
    public async Task Refuses_a_valid_token_without_an_app_role_with_403()
    {
        // Act
        var decision = await EntraPolicy(AzureWithoutEasyAuth).DecideAsync(
            Requests.Get(("Authorization", "Bearer " + _tenant.AccessToken("Some.Other.Role"))), CancellationToken.None);

        // Assert
        Assert.Equal(AccessRefusalKind.Forbidden, decision.Refusal!.Kind);
        Assert.Equal("no app role", decision.Refusal.Reason);
    }

    [Theory]
    [InlineData("Bearer")]
    [InlineData("Basic dXNlcjpwYXNz")]
    [InlineData("Bearer not-a-jwt")]
    public async Task Refuses_a_malformed_authorization_header_with_401(string header)
    {
        // Act
        var decision = await EntraPolicy(AzureWithoutEasyAuth).DecideAsync(Requests.Get(("Authorization", header)), CancellationToken.None);

        // Assert
        Assert.Equal(AccessRefusalKind.Unauthenticated, decision.Refusal!.Kind);
    }

    [Fact]
    public async Task Refuses_an_expired_token_with_401_and_does_not_fall_back_to_loopback()
    {
        // Arrange: a local run with Entra configured; a failed token must not be rescued by being on loopback.
        var token = _tenant.Mint(new TokenSpec { Roles = [OperatorRoles.Operator], Lifetime = (TimeSpan.FromHours(-2), TimeSpan.FromHours(-1)) });

        // Act
        var decision = await EntraPolicy(Local).DecideAsync(Requests.Get(("Authorization", "Bearer " + token)), CancellationToken.None);

        // Assert
        Assert.Equal(AccessRefusalKind.Unauthenticated, decision.Refusal!.Kind);
        Assert.Equal("token expired", decision.Refusal.Reason);
    }

    [Fact]
    public async Task Answers_unavailable_when_the_tenants_keys_cannot_be_fetched()
    {
        // Arrange
        _tenant.GoOffline();

        // Act
        var decision = await EntraPolicy(AzureWithoutEasyAuth).DecideAsync(
            Requests.Get(("Authorization", "Bearer " + _tenant.AccessToken(OperatorRoles.Operator))), CancellationToken.None);

        // Assert
        Assert.Equal(AccessRefusalKind.Unavailable, decision.Refusal!.Kind);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Never_trusts_a_forged_client_principal_header(bool easyAuthEnabled)
    {
        // Arrange: a caller claims to be an operator the way App Service Authentication would say so, unsigned.
        var principal = Convert.ToBase64String(Encoding.UTF8.GetBytes(
            """{"auth_typ":"aad","claims":[{"typ":"preferred_username","val":"admin@example.com"},{"typ":"roles","val":"Alerts.Operator"}]}"""));
        var request = Requests.Get(("X-MS-CLIENT-PRINCIPAL", principal), ("X-MS-CLIENT-PRINCIPAL-NAME", "admin@example.com"));

        // Act
        var decision = await EntraPolicy(new PlatformSignals(InAzure: true, easyAuthEnabled)).DecideAsync(request, CancellationToken.None);

        // Assert
        Assert.Null(decision.Operator);
        Assert.Equal(AccessRefusalKind.Unauthenticated, decision.Refusal!.Kind);
    }

    [Fact]
    public async Task Admits_a_browser_session_by_the_id_token_app_service_authentication_forwards()
    {
        // Arrange
        var idToken = _tenant.Mint(new TokenSpec { AccessToken = false, UserName = "ops@example.com", Roles = [OperatorRoles.Operator] });

        // Act
        var decision = await EntraPolicy(AzureWithEasyAuth).DecideAsync(
            Requests.Get((OperatorAccessPolicy.EasyAuthIdTokenHeader, idToken)), CancellationToken.None);

        // Assert
        Assert.Equal("ops@example.com", decision.Operator!.Name);
        Assert.Equal("entra-id-session", decision.Operator.Method);
    }

    [Fact]
    public async Task Ignores_a_session_token_header_when_app_service_authentication_is_off()
    {
        // Arrange: without the platform in front, anyone can set the header (a leaked ID token is no access token).
        var idToken = _tenant.Mint(new TokenSpec { AccessToken = false, UserName = "ops@example.com", Roles = [OperatorRoles.Operator] });

        // Act
        var decision = await EntraPolicy(AzureWithoutEasyAuth).DecideAsync(
            Requests.Get((OperatorAccessPolicy.EasyAuthIdTokenHeader, idToken)), CancellationToken.None);

        // Assert
        Assert.Equal(AccessRefusalKind.Unauthenticated, decision.Refusal!.Kind);
    }

    [Fact]
    public async Task Refuses_a_session_token_that_is_not_signed_by_the_tenant()
    {
        // Arrange
        var forged = _tenant.Mint(new TokenSpec { AccessToken = false, Key = TestTenant.NewKey(TestTenant.KeyId), Roles = [OperatorRoles.Operator] });

        // Act
        var decision = await EntraPolicy(AzureWithEasyAuth).DecideAsync(
            Requests.Get((OperatorAccessPolicy.EasyAuthIdTokenHeader, forged)), CancellationToken.None);

        // Assert
        Assert.Equal(AccessRefusalKind.Unauthenticated, decision.Refusal!.Kind);
    }

    [Fact]
    public async Task Requires_the_console_header_and_same_origin_for_a_session_that_changes_state()
    {
        // Arrange
        var idToken = _tenant.Mint(new TokenSpec { AccessToken = false, Roles = [OperatorRoles.Operator] });
        var session = (OperatorAccessPolicy.EasyAuthIdTokenHeader, idToken);
        var policy = EntraPolicy(AzureWithEasyAuth);

        // Act
        var bare = await policy.DecideAsync(Requests.Post(session), CancellationToken.None);
        var console = await policy.DecideAsync(Requests.Post([session, .. Requests.ConsolePost()]), CancellationToken.None);

        // Assert
        Assert.Equal("no console header", bare.Refusal!.Reason);
        Assert.NotNull(console.Operator);
    }

    [Fact]
    public async Task Admits_a_loopback_caller_locally_without_entra_settings_and_says_so()
    {
        // Act
        var decision = await LocalPolicy(Local).DecideAsync(Requests.Get(), CancellationToken.None);

        // Assert
        Assert.Equal(new OperatorIdentity("loopback", null, OperatorRole.Operator, "loopback"), decision.Operator);
    }

    [Theory]
    [InlineData("http://127.0.0.1:7071/api/records")]
    [InlineData("http://[::1]:7071/api/records")]
    public async Task Admits_loopback_addresses(string url)
    {
        // Act
        var decision = await LocalPolicy(Local).DecideAsync(Requests.Make("GET", url, []), CancellationToken.None);

        // Assert
        Assert.NotNull(decision.Operator);
    }

    [Theory]
    [InlineData("http://192.168.1.20:7071/api/records")]
    [InlineData("http://devbox.example.com:7071/api/records")]
    [InlineData("http://localhost.attacker.example:7071/api/records")]
    public async Task Refuses_a_caller_that_reached_the_machine_by_a_network_name(string url)
    {
        // Act
        var decision = await LocalPolicy(Local).DecideAsync(Requests.Make("GET", url, []), CancellationToken.None);

        // Assert
        Assert.Equal(AccessRefusalKind.Unauthenticated, decision.Refusal!.Kind);
    }

    [Fact]
    public async Task Refuses_a_loopback_request_relayed_by_a_proxy()
    {
        // Act
        var decision = await LocalPolicy(Local).DecideAsync(Requests.Get(("X-Forwarded-For", "203.0.113.9")), CancellationToken.None);

        // Assert
        Assert.Null(decision.Operator);
    }

    [Fact]
    public async Task Refuses_loopback_in_azure_even_without_entra_settings()
    {
        // Act
        var decision = await LocalPolicy(AzureWithoutEasyAuth).DecideAsync(Requests.Get(), CancellationToken.None);

        // Assert
        Assert.Equal(AccessRefusalKind.Unauthenticated, decision.Refusal!.Kind);
    }

    [Fact]
    public async Task Refuses_loopback_once_entra_is_configured()
    {
        // Act
        var decision = await EntraPolicy(Local).DecideAsync(Requests.Get(), CancellationToken.None);

        // Assert
        Assert.Equal(AccessRefusalKind.Unauthenticated, decision.Refusal!.Kind);
    }

    [Theory]
    [InlineData("none", "", "", "no console header")]
    [InlineData("console", "http://evil.example", "", "foreign origin")]
    [InlineData("console", "", "cross-site", "cross-site request")]
    [InlineData("console", "http://localhost:7071", "same-site", "cross-site request")]
    [InlineData("console", "", "", "no origin")]
    [InlineData("console", "http://localhost:7072", "", "foreign origin")]
    public async Task Refuses_a_state_change_a_cross_site_page_could_forge_on_loopback(string header, string origin, string fetchSite, string reason)
    {
        // Arrange
        var headers = new List<(string, string)>();
        if (header == "console")
        {
            headers.Add((BrowserRequestGuard.HeaderName, BrowserRequestGuard.HeaderValue));
        }

        if (origin.Length > 0)
        {
            headers.Add(("Origin", origin));
        }

        if (fetchSite.Length > 0)
        {
            headers.Add(("Sec-Fetch-Site", fetchSite));
        }

        // Act
        var decision = await LocalPolicy(Local).DecideAsync(Requests.Post([.. headers]), CancellationToken.None);

        // Assert
        Assert.Equal(AccessRefusalKind.Forbidden, decision.Refusal!.Kind);
        Assert.Equal(reason, decision.Refusal.Reason);
    }

    [Theory]
    [InlineData("http://localhost:7071", "")]
    [InlineData("", "same-origin")]
    [InlineData("http://localhost:7071", "same-origin")]
    public async Task Admits_the_consoles_own_state_change_on_loopback(string origin, string fetchSite)
    {
        // Arrange
        var headers = new List<(string, string)> { (BrowserRequestGuard.HeaderName, BrowserRequestGuard.HeaderValue) };
        if (origin.Length > 0)
        {
            headers.Add(("Origin", origin));
        }

        if (fetchSite.Length > 0)
        {
            headers.Add(("Sec-Fetch-Site", fetchSite));
        }

        // Act
        var decision = await LocalPolicy(Local).DecideAsync(Requests.Post([.. headers]), CancellationToken.None);

        // Assert
        Assert.NotNull(decision.Operator);
    }

    [Fact]
    public async Task Refuses_a_function_key_unless_the_operator_opted_in()
    {
        // Arrange: even one the host verified.
        var request = Requests.Make("POST", "https://app.example/api/poison/replay", [Requests.HostVerifiedKey()], ("x-functions-key", "k"));

        // Act
        var decision = await EntraPolicy(AzureWithoutEasyAuth).DecideAsync(request, CancellationToken.None);

        // Assert
        Assert.Equal("function keys not allowed", decision.Refusal!.Reason);
    }

    [Fact]
    public async Task Admits_a_host_verified_function_key_sent_in_the_header_when_opted_in()
    {
        // Arrange
        var request = Requests.Make("POST", "https://app.example/api/poison/replay", [Requests.HostVerifiedKey(name: "ops-script")], ("x-functions-key", "k"));

        // Act
        var decision = await KeyPolicy().DecideAsync(request, CancellationToken.None);

        // Assert
        Assert.Equal(new OperatorIdentity("function-key:ops-script", null, OperatorRole.Operator, "function-key"), decision.Operator);
    }

    [Fact]
    public async Task Refuses_a_function_key_header_the_host_did_not_verify()
    {
        // Arrange: a wrong key leaves no host identity behind.
        var request = Requests.Make("GET", "https://app.example/api/records", [], ("x-functions-key", "guessed"));

        // Act
        var decision = await KeyPolicy().DecideAsync(request, CancellationToken.None);

        // Assert
        Assert.Equal("function key not verified", decision.Refusal!.Reason);
    }

    [Fact]
    public async Task Refuses_a_key_in_the_url_even_one_the_host_verified()
    {
        // Arrange
        var request = Requests.Make("GET", "https://app.example/api/records?clientId=a&code=secret", [Requests.HostVerifiedKey()]);

        // Act
        var decision = await KeyPolicy().DecideAsync(request, CancellationToken.None);

        // Assert
        Assert.Equal("key in URL", decision.Refusal!.Reason);
        Assert.DoesNotContain("secret", decision.Refusal.Detail, StringComparison.Ordinal);
    }

    private OperatorAccessPolicy EntraPolicy(PlatformSignals platform) => new(TestTenant.Options(), platform, _tenant.Validator());

    private OperatorAccessPolicy KeyPolicy() => new(TestTenant.Options(allowFunctionKeys: true), AzureWithoutEasyAuth, _tenant.Validator());

    private static OperatorAccessPolicy LocalPolicy(PlatformSignals platform) =>
        new(Microsoft.Extensions.Options.Options.Create(new OperatorAccessOptions()), platform);
}
