using System.Text.Json;
using System.Text.Json.Serialization;

namespace Mouthpiece.Evaluation;

/// <summary>
/// The lip-sync measures of one video (docs/ARCHITECTURE.md §5), as <c>mouthpiece evaluate --json</c>
/// prints them and a render report embeds them.
/// </summary>
/// <param name="Video">The measured video.</param>
/// <param name="Audio">The speech its mouth was compared with (the video itself when it used its own track).</param>
/// <param name="Frames">Frames measured.</param>
/// <param name="FramesPerSecond">Their rate; lags are in these frames.</param>
/// <param name="FaceCoverage">Share of frames (0..1) with a face; frames without one are left out of every score.</param>
/// <param name="Score">Correlation of the mouth aperture with the speech envelope at <paramref name="Lag"/>.</param>
/// <param name="Lag">Frames by which the mouth follows the sound (negative: it leads), within ±<see cref="SyncScore.EnvelopeMaxLag"/>.</param>
/// <param name="Truth">The real recording compared with, if any.</param>
/// <param name="TruthScore">Correlation of the mouth aperture with the real recording's, at <paramref name="TruthLag"/>.</param>
/// <param name="TruthLag">Frames by which this video's mouth follows the real one, within ±<see cref="SyncScore.TruthMaxLag"/>.</param>
/// <param name="TruthFaceCoverage">Share of the real recording's frames with a face.</param>
public sealed record EvaluationReport(
    string Video,
    string Audio,
    int Frames,
    double FramesPerSecond,
    double FaceCoverage,
    double Score,
    int Lag,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Truth = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? TruthScore = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? TruthLag = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? TruthFaceCoverage = null)
{
    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    /// <summary>Indented JSON with camelCase names; the truth fields are left out when there was no truth video.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);

    public static EvaluationReport FromJson(string json) =>
        JsonSerializer.Deserialize<EvaluationReport>(json, JsonOptions) ?? throw new JsonException("the JSON is null, not an evaluation report");
}
