import PackagePlugin

/// Embeds every `.py` file of a target into it as a Swift constant at build time (`EmbeddedPython`), so the
/// Python that runs in interpreters is real Python in the repository, with its own tests and linter, while the
/// agent stays one uploadable file.
@main
struct EmbedPythonPlugin: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        guard let module = target as? SourceModuleTarget else { return [] }
        let python = module.sourceFiles.map(\.url).filter { $0.pathExtension == "py" }
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
        guard !python.isEmpty else { return [] }
        let output = context.pluginWorkDirectoryURL.appending(path: "EmbeddedPython.swift")
        return [
            .buildCommand(
                displayName: "Embedding \(python.count) Python files into \(target.name)",
                executable: try context.tool(named: "EmbedPythonTool").url,
                arguments: [output.path] + python.map(\.path), inputFiles: python, outputFiles: [output])
        ]
    }
}
