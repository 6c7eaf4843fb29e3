namespace CodatAlerts.Simulator;
internal static class Program
{
    private static int Main() => 0;
}
