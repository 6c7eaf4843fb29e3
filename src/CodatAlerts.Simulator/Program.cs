using CodatAlerts.Simulator.Cli;

return await SimulatorCommand.Create(TimeProvider.System).Parse(args).InvokeAsync();
