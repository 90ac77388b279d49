"""The smallest server the official MCP Python SDK makes: one tool, stdio. The cold-start section's yardstick for
what a Python MCP server costs to start before it does any work of its own."""

from mcp.server.mcpserver import MCPServer  # FastMCP in mcp 1.x

server = MCPServer("one-tool")


@server.tool()
def echo(text: str) -> str:
    """Return the text unchanged."""
    return text


if __name__ == "__main__":
    server.run("stdio")
