namespace CodatAlerts.Infra.Tests.Compilation;

/// <summary>The root of the repository the tests run from: the folder holding <c>CodatFunctions.sln</c>.</summary>
internal static class Repository
{
    public static string Root { get; } = FindRoot();

    private static string FindRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "CodatFunctions.sln")))
            {
                return folder.FullName;
            }
        }

        throw new DirectoryNotFoundException($"No CodatFunctions.sln above {AppContext.BaseDirectory}.");
    }
}
