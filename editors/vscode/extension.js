// Starts `mscli lsp` for the YAML files of a workspace that holds a data folder.
const vscode = require("vscode");
const { LanguageClient } = require("vscode-languageclient/node");

let client;

function activate(context) {
  const [command, ...args] = vscode.workspace.getConfiguration("mscli").get("command");
  client = new LanguageClient(
    "mscli",
    "mscli",
    { command, args },
    { documentSelector: [{ scheme: "file", language: "yaml" }] }
  );
  client.start();
  context.subscriptions.push({ dispose: () => client && client.stop() });
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
