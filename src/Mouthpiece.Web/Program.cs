using Mouthpiece;
using Mouthpiece.Web;

// Entry point for running the web app directly (and for WebApplicationFactory in tests);
// users start it with `mouthpiece serve`.
var options = new WebAppOptions(WebAppOptions.DefaultHost, WebAppOptions.DefaultPort, DataDirectory.Resolve(null));
await MouthpieceWebApp.Build(options, args).RunAsync();
