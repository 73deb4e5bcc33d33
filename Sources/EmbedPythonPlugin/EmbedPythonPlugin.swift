import PackagePlugin

/// Embeds a target's interpreted files into it as Swift constants at build time: every `.py` file as
/// `EmbeddedPython`, every `.html`, `.css` and `.js` file as `EmbeddedAssets`. So the Python that runs in
/// interpreters and the HTML report's page are real files in the repository, with their own tests and linters,
/// while the agent and the controller stay one file each.
@main
struct EmbedPythonPlugin: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        guard let module = target as? SourceModuleTarget else { return [] }
        let kinds: [(enumName: String, extensions: Set<String>)] = [
            ("EmbeddedPython", ["py"]), ("EmbeddedAssets", ["html", "css", "js"]),
        ]
        return try kinds.compactMap { kind in
            let files = module.sourceFiles.map(\.url).filter { kind.extensions.contains($0.pathExtension) }
                .sorted { $0.lastPathComponent < $1.lastPathComponent }
            guard !files.isEmpty else { return nil }
            let output = context.pluginWorkDirectoryURL.appending(path: kind.enumName + ".swift")
            return .buildCommand(
                displayName: "Embedding \(files.count) files into \(target.name) as \(kind.enumName)",
                executable: try context.tool(named: "EmbedPythonTool").url,
                arguments: [output.path, kind.enumName] + files.map(\.path), inputFiles: files,
                outputFiles: [output])
        }
    }
}
