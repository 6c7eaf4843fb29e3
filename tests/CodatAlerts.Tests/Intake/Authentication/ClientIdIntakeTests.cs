using System.Globalization;
using System.Net;
using System.Text.Json;
using CodatAlerts.Intake.Authentication;
using CodatAlerts.Queueing;
using CodatAlerts.Testing.Fakes;
using CodatAlerts.Testing.Samples;
using CodatAlerts.Tests.Fakes;
using static CodatAlerts.Tests.Intake.Authentication.TestCredentials;

namespace CodatAlerts.Tests.Intake.Authentication;

/// <summary>
/// The client-ID decisions through the HTTP function: identification by signature, the two client-ID 400s, and the
/// source carried by the envelope.
/// </summary>
public sealed class ClientIdIntakeTests
{
    private const string Event = "read-completed";

    /// <summary>Client A (Bearer, pinned to 5), client B (a signing secret of its own, pinned to 6), a default client.</summary>
    private static IntakeHost Host() => new(new Dictionary<string, string?>
    {
        ["Alerts:Clients:0:ClientId"] = ClientA,
        ["Alerts:Clients:0:Authorization:0"] = BearerOne,
        ["Alerts:Clients:0:SigningSecrets:0"] = ClientSecrets[0],
        ["Alerts:Clients:0:Partition"] = "5",
        ["Alerts:Clients:1:ClientId"] = ClientB,
        ["Alerts:Clients:1:SigningSecrets:0"] = ClientSecrets[1],
        ["Alerts:Clients:1:Partition"] = "6",
        ["Alerts:DefaultClient:SigningSecrets:0"] = ClientSecrets[2],
        ["Alerts:DefaultClient:Authorization:0"] = BearerTwo,
    });

    private static (string, string)[] Signed(IntakeHost host, string secret, string body, string messageId = "msg_2pYzQ6b8Lk1VnW3xR7tUe5sA9dF")
    {
        var timestamp = host.Clock.GetUtcNow().ToUnixTimeSeconds();
        return
        [
            ("webhook-id", messageId),
            ("webhook-timestamp", timestamp.ToString(CultureInfo.InvariantCulture)),
            ("webhook-signature", Sign(secret, messageId, timestamp, body)),
        ];
    }

    private static string ProblemType(TestHttpResponseData response) =>
        JsonSerializer.Deserialize<JsonElement>(response.ReadBody()).GetProperty("type").GetString()!;

    [Fact]
    public async Task A_signed_delivery_without_the_header_lands_in_the_scope_and_partition_of_the_client_whose_secret_verifies()
    {
        // Arrange
        using var host = Host();
        var body = CodatSamples.Events[Event];

        // Act
        var response = await host.PostAsync(body, Signed(host, ClientSecrets[1], body));

        // Assert
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var envelope = Assert.Single(host.Enqueuer.Enqueued);
        Assert.Equal((ClientB, ClientIdSource.Signature, 6), (envelope.ClientId, envelope.ClientIdSource, envelope.Partition));
    }

    [Fact]
    public async Task A_signed_delivery_without_the_header_that_only_the_default_verifies_keeps_todays_default_scope()
    {
        // Arrange
        using var host = Host();
        var body = CodatSamples.Events[Event];

        // Act
        var response = await host.PostAsync(body, Signed(host, ClientSecrets[2], body));

        // Assert
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var envelope = Assert.Single(host.Enqueuer.Enqueued);
        Assert.Equal((string.Empty, ClientIdSource.Default, PartitionRouter.HashPartition(string.Empty)), (envelope.ClientId, envelope.ClientIdSource, envelope.Partition));
    }

    [Fact]
    public async Task A_default_signed_delivery_replayed_under_other_unlisted_client_ids_lands_on_one_dedup_scope_and_partition()
    {
        // Arrange: one captured delivery that only the default client's secret verifies; the header is not signed, so a
        // replay within the five-minute tolerance may carry any client ID, or none.
        using var host = Host();
        var body = CodatSamples.Events[Event];
        var signed = Signed(host, ClientSecrets[2], body);

        // Act
        var statuses = new List<HttpStatusCode>
        {
            (await host.PostAsync(body, signed)).StatusCode,
        };
        foreach (var claimed in new[] { "unlisted-1", "Unlisted-2", "some.other_client" })
        {
            statuses.Add((await host.PostAsync(body, [("X-Codat-ClientId", claimed), .. signed])).StatusCode);
        }

        // Assert: every copy is accepted (storing it is harmless) but all share the scope, key and partition, so the
        // processor's dedup runs the alert once; the unsigned claim travels for handlers to read, never as a scope.
        Assert.All(statuses, status => Assert.Equal(HttpStatusCode.Accepted, status));
        var envelopes = host.Enqueuer.Enqueued.ToArray();
        Assert.Single(envelopes.Select(e => (e.ClientId, e.DedupKey, e.Partition)).Distinct());
        Assert.All(envelopes, e => Assert.Equal((string.Empty, ClientIdSource.Default), (e.ClientId, e.ClientIdSource!.Value)));
        Assert.Equal([null, "unlisted-1", "unlisted-2", "some.other_client"], envelopes.Select(e => e.ClaimedClientId));
    }

    [Fact]
    public async Task An_unlisted_client_the_default_accepts_by_its_Authorization_value_keeps_the_header_scope()
    {
        // Arrange: a legacy delivery has no signature to scope by; whoever holds the value can name any client anyway.
        using var host = Host();
        var body = """{"AlertId":"a-legacy","RuleType":"Data sync completed","CompanyId":"c","Data":{}}""";

        // Act
        var response = await host.PostAsync(body, ("X-Codat-ClientId", "Unlisted-Client"), ("Authorization", BearerTwo));

        // Assert
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var envelope = Assert.Single(host.Enqueuer.Enqueued);
        Assert.Equal(("unlisted-client", ClientIdSource.Header, (string?)null), (envelope.ClientId, envelope.ClientIdSource!.Value, envelope.ClaimedClientId));
    }

    [Fact]
    public async Task A_listed_clients_signed_delivery_replayed_under_an_unlisted_client_id_is_refused()
    {
        // Arrange: client B's secret is its own (start-up refuses sharing it), so the default client cannot accept it.
        using var host = Host();
        var body = CodatSamples.Events[Event];

        // Act
        var response = await host.PostAsync(body, [("X-Codat-ClientId", "unlisted-client"), .. Signed(host, ClientSecrets[1], body)]);

        // Assert
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Empty(host.Enqueuer.Enqueued);
    }

    [Fact]
    public async Task A_delivery_naming_its_client_records_the_header_as_the_source()
    {
        // Arrange
        using var host = Host();

        // Act
        var response = await host.PostAsync(CodatSamples.Legacy["03-data-sync-completed"], ("X-Codat-ClientId", ClientA.ToUpperInvariant()), ("Authorization", BearerOne));

        // Assert
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var envelope = Assert.Single(host.Enqueuer.Enqueued);
        Assert.Equal((ClientA, ClientIdSource.Header, 5), (envelope.ClientId, envelope.ClientIdSource, envelope.Partition));
    }

    [Fact]
    public async Task A_header_naming_a_client_whose_secret_does_not_verify_is_401_even_if_another_clients_does()
    {
        // Arrange
        using var host = Host();
        var body = CodatSamples.Events[Event];

        // Act
        var response = await host.PostAsync(body, [("X-Codat-ClientId", ClientA), .. Signed(host, ClientSecrets[1], body)]);

        // Assert
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Empty(host.Enqueuer.Enqueued);
    }

    [Theory]
    [InlineData("\u212Aelvin")]
    [InlineData("bae71d36 ff47")]
    [InlineData("a;b")]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    public async Task Returns_400_invalid_client_id_for_a_header_outside_the_safe_character_set(string clientId)
    {
        // Arrange: the default client's credentials would accept it, as they accept any unlisted client.
        using var host = Host();

        // Act
        var response = await host.PostAsync(CodatSamples.Legacy["03-data-sync-completed"], ("X-Codat-ClientId", clientId), ("Authorization", BearerTwo));

        // Assert
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("urn:codat-alerts:problem:invalid-client-id", ProblemType(response));
        Assert.DoesNotContain(clientId.Trim(), response.ReadBody(), StringComparison.Ordinal);
        Assert.Empty(host.Enqueuer.Enqueued);
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("\t ")]
    public async Task Returns_400_invalid_client_id_for_a_header_that_is_present_but_blank(string clientId)
    {
        // Arrange: read as absent, the default client's Bearer value would accept it and the body's ClientId (client A)
        // would go unchecked.
        using var host = Host();

        // Act
        var response = await host.PostAsync(CodatSamples.Legacy["03-data-sync-completed"], ("X-Codat-ClientId", clientId), ("Authorization", BearerTwo));

        // Assert
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("urn:codat-alerts:problem:invalid-client-id", ProblemType(response));
        Assert.Empty(host.Enqueuer.Enqueued);
    }

    [Theory]
    [InlineData("12345")]
    [InlineData("null")]
    [InlineData("true")]
    [InlineData("{\"id\":\"bae71d36-ff47-420a-b4a6-f8c9ddf41140\"}")]
    [InlineData("[\"bae71d36-ff47-420a-b4a6-f8c9ddf41140\"]")]
    [InlineData("\"\"")]
    [InlineData("\"  \"")]
    public async Task Returns_400_invalid_client_id_when_a_legacy_body_ClientId_next_to_the_header_is_not_a_non_empty_string(string value)
    {
        // Arrange: an unlisted header under the default client; a body ClientId that names no client must not let the
        // mismatch check be skipped.
        using var host = Host();
        var body = LegacyWithClientId(value);

        // Act
        var response = await host.PostAsync(body, ("X-Codat-ClientId", "unlisted-client"), ("Authorization", BearerTwo));

        // Assert
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("urn:codat-alerts:problem:invalid-client-id", ProblemType(response));
        Assert.Empty(host.Enqueuer.Enqueued);
    }

    [Fact]
    public async Task A_legacy_body_without_a_ClientId_next_to_the_header_is_accepted_as_Codats_older_examples_are()
    {
        // Arrange
        using var host = Host();
        var body = """{"AlertId":"a-without-client","RuleType":"Data sync completed","CompanyId":"c","Message":"m","Data":{}}""";

        // Act
        var response = await host.PostAsync(body, ("X-Codat-ClientId", "unlisted-client"), ("Authorization", BearerTwo));

        // Assert
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal("unlisted-client", Assert.Single(host.Enqueuer.Enqueued).ClientId);
    }

    [Fact]
    public async Task A_non_string_body_ClientId_without_the_header_is_not_cross_checked()
    {
        // Arrange: nothing to compare it with, and the field decides nothing then (tolerant where nothing is at stake).
        using var host = Host();
        var body = LegacyWithClientId("12345");

        // Act
        var response = await host.PostAsync(body, Signed(host, ClientSecrets[1], body));

        // Assert
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(ClientB, Assert.Single(host.Enqueuer.Enqueued).ClientId);
    }

    private static string LegacyWithClientId(string jsonValue) =>
        "{\"AlertId\":\"a-1\",\"RuleType\":\"Data sync completed\",\"ClientId\":" + jsonValue + ",\"CompanyId\":\"c\",\"Data\":{}}";

    [Fact]
    public async Task Returns_400_client_id_mismatch_when_a_legacy_body_names_another_client_than_the_header()
    {
        // Arrange: the legacy sample names client A in its body.
        using var host = Host();
        var body = CodatSamples.Legacy["03-data-sync-completed"];
        Assert.Contains(ClientA, body, StringComparison.Ordinal);

        // Act
        var other = await host.PostAsync(body, ("X-Codat-ClientId", "unlisted-client"), ("Authorization", BearerTwo));
        var same = await host.PostAsync(body, ("X-Codat-ClientId", ClientA.ToUpperInvariant()), ("Authorization", BearerOne));

        // Assert
        Assert.Equal(HttpStatusCode.BadRequest, other.StatusCode);
        Assert.Equal("urn:codat-alerts:problem:client-id-mismatch", ProblemType(other));
        Assert.Equal(HttpStatusCode.Accepted, same.StatusCode);
        Assert.Single(host.Enqueuer.Enqueued);
    }

    [Fact]
    public async Task A_legacy_body_without_a_header_is_not_cross_checked()
    {
        // Arrange: a legacy body over signed delivery, no header, client B's secret.
        using var host = Host();
        var body = CodatSamples.Legacy["03-data-sync-completed"];

        // Act
        var response = await host.PostAsync(body, Signed(host, ClientSecrets[1], body));

        // Assert
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(ClientB, Assert.Single(host.Enqueuer.Enqueued).ClientId);
    }
}
