namespace Mouthpiece.Speech;

/// <summary>
/// What the lips do for one phoneme: how far they open, how spread or rounded they are, whether they close,
/// and how strongly the phoneme holds its opening against its neighbours (its dominance, after Cohen and
/// Massaro's coarticulation model: a vowel or /f/ dominates, a /k/ or /h/ lets the next vowel show through).
/// </summary>
/// <param name="Openness">0 lips together … 1 widest speaking opening (as <see cref="Audio.MouthShape"/>).</param>
/// <param name="Width">−1 rounded … +1 spread.</param>
/// <param name="Closes">A bilabial (m, b, p): the lips press together.</param>
/// <param name="Dominance">Weight of the opening against neighbours, a vowel's being 1.</param>
/// <param name="WidthDominance">Weight of the width against neighbours, a vowel's being 1: rounding carries over consonants.</param>
public readonly record struct Articulation(float Openness, float Width, bool Closes, float Dominance, float WidthDominance)
{
    private static readonly Articulation Bilabial = new(0, 0, true, 1, 0.1f);
    private static readonly Articulation Labiodental = new(0.12f, 0.1f, false, 3, 0.3f);
    private static readonly Articulation Postalveolar = new(0.22f, -0.45f, false, 1.2f, 0.7f);
    private static readonly Articulation Dental = new(0.28f, 0.1f, false, 0.8f, 0.2f);
    private static readonly Articulation Alveolar = new(0.22f, 0.05f, false, 0.6f, 0.15f);
    private static readonly Articulation Rhotic = new(0.3f, -0.3f, false, 0.4f, 0.5f);
    private static readonly Articulation Velar = new(0.32f, 0, false, 0.15f, 0.05f);
    private static readonly Articulation Unknown = new(0.3f, 0, false, 0.2f, 0.1f);

    // Vowels by IPA letter: openness by height (open ≈ 0.9, mid ≈ 0.55, close ≈ 0.3), width by rounding and frontness.
    private static readonly Dictionary<char, Articulation> Vowels = new()
    {
        ['a'] = Vowel(0.92f, 0.3f), ['æ'] = Vowel(0.85f, 0.5f), ['ɐ'] = Vowel(0.75f, 0.1f), ['ɑ'] = Vowel(0.95f, 0),
        ['ɒ'] = Vowel(0.85f, -0.35f), ['ʌ'] = Vowel(0.7f, 0.1f), ['ɶ'] = Vowel(0.85f, -0.4f),
        ['ɛ'] = Vowel(0.65f, 0.55f), ['e'] = Vowel(0.5f, 0.65f), ['ə'] = Vowel(0.45f, 0), ['ɘ'] = Vowel(0.45f, 0.1f),
        ['ɜ'] = Vowel(0.55f, 0), ['ɞ'] = Vowel(0.55f, -0.4f), ['ɚ'] = Vowel(0.45f, -0.15f), ['ɝ'] = Vowel(0.5f, -0.15f),
        ['o'] = Vowel(0.5f, -0.75f), ['ɔ'] = Vowel(0.65f, -0.6f), ['ø'] = Vowel(0.45f, -0.65f), ['œ'] = Vowel(0.6f, -0.55f),
        ['ɤ'] = Vowel(0.5f, 0.2f), ['ɵ'] = Vowel(0.45f, -0.5f),
        ['i'] = Vowel(0.3f, 1), ['ɪ'] = Vowel(0.35f, 0.7f), ['y'] = Vowel(0.28f, -0.85f), ['ʏ'] = Vowel(0.32f, -0.6f),
        ['ɨ'] = Vowel(0.3f, 0.2f), ['ʉ'] = Vowel(0.3f, -0.6f), ['ɯ'] = Vowel(0.3f, 0.35f),
        ['u'] = Vowel(0.28f, -1), ['ʊ'] = Vowel(0.35f, -0.7f),
    };

    public bool IsVowel => Vowels.ContainsValue(this);

    /// <summary>
    /// The articulation of each part of a phoneme named in IPA as espeak-ng reports it: one part for a plain
    /// sound, two for a diphthong ("aɪ", "əʊ": the lips glide from the first vowel to the second).
    /// </summary>
    public static IReadOnlyList<Articulation> Of(string ipa)
    {
        var letters = ipa.Where(c => c != 'ˈ' && c != 'ˌ' && c != 'ː' && !IsCombining(c)).ToArray();
        if (letters.Length == 0)
            return [Unknown];
        var vowels = letters.Where(Vowels.ContainsKey).Select(c => Vowels[c]).ToList();
        // "ər" (Mandarin er, English r-coloured vowels) is one r-coloured vowel.
        if (vowels.Count == 1 && letters.Length == 2 && letters[1] is 'r' or 'ɹ' or 'ɻ')
            return [vowels[0] with { Width = vowels[0].Width - 0.2f }];
        if (vowels.Count > 0 && Vowels.ContainsKey(letters[0]))
            return vowels.Count > 2 ? [vowels[0], vowels[^1]] : vowels;
        // A glide before a vowel ("iɛ" is a vowel pair; "yu" too): handled above; a consonant name starts otherwise.
        return [Consonant(letters[0], letters)];
    }

    private static Articulation Consonant(char first, char[] letters) => first switch
    {
        'm' or 'b' or 'p' or 'ɓ' or 'ʙ' => Bilabial,
        'f' or 'v' or 'ɱ' => Labiodental,
        'w' => new Articulation(0.15f, -1, false, 0.6f, 1),
        'ɥ' => new Articulation(0.15f, -0.9f, false, 0.6f, 1),
        'j' => new Articulation(0.2f, 0.7f, false, 0.5f, 0.8f),
        'ʃ' or 'ʒ' or 'ɕ' or 'ʑ' or 'ʂ' or 'ʐ' => Postalveolar,
        't' or 'd' when letters.Length > 1 && letters[1] is 'ʃ' or 'ʒ' or 'ɕ' or 'ʑ' or 'ʂ' or 'ʐ' => Postalveolar,
        // espeak-ng writes Mandarin retroflexes in its ASCII style even in IPA mode: "s.", "ts.h".
        's' or 'z' or 't' when letters.Contains('.') => Postalveolar,
        'θ' or 'ð' => Dental,
        'ɹ' or 'r' or 'ɻ' => Rhotic,
        't' or 'd' or 'n' or 's' or 'z' or 'l' or 'ɾ' or 'ɫ' or 'ɬ' or 'ʈ' or 'ɖ' or 'ɳ' or 'ɭ' => Alveolar,
        'k' or 'g' or 'ɡ' or 'ŋ' or 'x' or 'ɣ' or 'χ' or 'h' or 'ɦ' or 'ʔ' or 'q' or 'ɲ' or 'c' or 'ç' => Velar,
        _ => Unknown,
    };

    private static Articulation Vowel(float openness, float width) => new(openness, width, false, 1, 1);

    private static bool IsCombining(char c) =>
        char.GetUnicodeCategory(c) is System.Globalization.UnicodeCategory.NonSpacingMark or System.Globalization.UnicodeCategory.ModifierLetter;
}
