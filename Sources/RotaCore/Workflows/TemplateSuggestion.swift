/// `Suggestion.nearest` for template names, at a cost bounded by the candidates' lengths.
///
/// A candidate whose length differs from the word's by more than the edit distance `Suggestion`
/// accepts can never be the answer, so it is left out before any distance is computed. The answer
/// is the same; a word of megabytes (`{{ xxxx… }}`) no longer costs its length times every candidate's.
enum TemplateSuggestion {
    static func nearest(to word: String, in candidates: [String]) -> String? {
        let length = word.lowercased().count
        let slack = max(2, word.count / 3)
        return Suggestion.nearest(to: word, in: candidates.filter { abs($0.lowercased().count - length) <= slack })
    }
}
