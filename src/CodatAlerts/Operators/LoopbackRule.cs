using System.Net;

namespace CodatAlerts.Operators;

/// <summary>
/// Local development without Entra ID: the Functions host passes the worker no client address (its gRPC request
/// carries URL, method, headers, query and identities only), so the worker cannot see who connected. What it can see:
/// the host part of the URL, which the host builds from the <c>Host</c> header. Requiring a loopback name there refuses
/// DNS-rebinding pages and anything that reached the machine by its network name, and refusing forwarding headers
/// refuses requests relayed by a proxy; that a LAN peer cannot connect at all is Core Tools' job: since 4.14 it binds
/// 127.0.0.1 by default (<c>func start --address</c>), before that 0.0.0.0.
/// </summary>
public static class LoopbackRule
{
    private static readonly string[] ForwardingHeaders = ["X-Forwarded-For", "X-Forwarded-Host", "Forwarded", "X-Original-Host"];

    /// <summary>Whether <paramref name="request"/> addressed this machine by a loopback name and came through no proxy.</summary>
    public static bool IsLoopback(OperatorRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (ForwardingHeaders.Any(request.Has))
        {
            return false;
        }

        var host = request.Url.Host;
        if (host.Equals("localhost", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        return IPAddress.TryParse(host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address);
    }
}
