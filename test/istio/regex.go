package main

import (
	"encoding/json"
	"os"
	"regexp"
)

type regexResult struct {
	Pattern string `json:"pattern"`
	Error   string `json:"error,omitempty"`
}

// runRegex compiles each pattern of a JSON array of strings read from standard input with Go's
// regexp.Compile, the call Istio's validation makes for every regex match.
func runRegex() error {
	var patterns []string
	if err := json.NewDecoder(os.Stdin).Decode(&patterns); err != nil {
		return err
	}
	results := make([]regexResult, 0, len(patterns))
	for _, p := range patterns {
		r := regexResult{Pattern: p}
		if _, err := regexp.Compile(p); err != nil {
			r.Error = err.Error()
		}
		results = append(results, r)
	}
	return printJSON(results)
}
