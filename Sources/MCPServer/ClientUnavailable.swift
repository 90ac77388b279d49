/// The client went away (end of input) before answering a request from the server.
struct ClientUnavailable: Error {}
