using TinyVmaf.Cli;

return await TinyVmafCommand.RunAsync(args, Console.Out, Console.Error);
