using System.Text;
using Microsoft.Azure.Functions.Worker;

namespace CodatAlerts.Testing.Fakes;

/// <summary>Builds alert deliveries for the HTTP function.</summary>
public static class TestRequests
{
    /// <summary>A POST to <c>/api/alerts</c> with <paramref name="body"/> and the given headers.</summary>
    public static TestHttpRequestData Alert(FunctionContext context, string body, params (string Name, string Value)[] headers)
    {
        var request = new TestHttpRequestData(context, new MemoryStream(Encoding.UTF8.GetBytes(body)));
        foreach (var (name, value) in headers)
        {
            request.Headers.Add(name, value);
        }

        return request;
    }
}
