import Testing
import ZohoAuth

@Suite struct TokenFileLocationTests {
    @Test("The default path is under XDG_CONFIG_HOME when it is absolute, else under ~/.config")
    func defaultPath() {
        #expect(
            TokenFileLocation.defaultPath(environment: ["XDG_CONFIG_HOME": "/x/config", "HOME": "/home/a"])
                == "/x/config/zoho-billing-mcp/tokens.json"
        )
        #expect(
            TokenFileLocation.defaultPath(environment: ["XDG_CONFIG_HOME": "/x/config/", "HOME": "/home/a"])
                == "/x/config/zoho-billing-mcp/tokens.json"
        )
        #expect(
            TokenFileLocation.defaultPath(environment: ["XDG_CONFIG_HOME": "relative", "HOME": "/home/a"])
                == "/home/a/.config/zoho-billing-mcp/tokens.json"
        )
        #expect(
            TokenFileLocation.defaultPath(environment: ["XDG_CONFIG_HOME": "", "HOME": "/home/a"])
                == "/home/a/.config/zoho-billing-mcp/tokens.json"
        )
        #expect(TokenFileLocation.defaultPath(environment: [:]).hasSuffix("/.config/zoho-billing-mcp/tokens.json"))
    }

    @Test("ZOHO_TOKEN_FILE wins, with a leading ~/ expanded")
    func explicitPath() {
        #expect(TokenFileLocation.path(environment: ["ZOHO_TOKEN_FILE": "/etc/t.json"]) == "/etc/t.json")
        #expect(
            TokenFileLocation.path(environment: ["ZOHO_TOKEN_FILE": "~/zoho/t.json", "HOME": "/home/a"])
                == "/home/a/zoho/t.json"
        )
        #expect(
            TokenFileLocation.path(environment: ["ZOHO_TOKEN_FILE": " ", "XDG_CONFIG_HOME": "/c"])
                == "/c/zoho-billing-mcp/tokens.json"
        )
    }
}
