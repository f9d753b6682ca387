// Command crictl is the lab's minimal CRI client, built from the served k8s.io/cri-api module
// because cri-tools' own module is not served here. It is not cri-tools: it answers only what the
// lab's nodes are asked — `crictl ps` (CAPD waits until it succeeds), `crictl images` and
// `crictl version` — by calling the container runtime's CRI over its socket.
package main

import (
	"context"
	"fmt"
	"os"
	"strings"
	"text/tabwriter"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	runtimeapi "k8s.io/cri-api/pkg/apis/runtime/v1"
)

const defaultEndpoint = "unix:///run/containerd/containerd.sock"

func main() {
	args := os.Args[1:]
	endpoint := defaultEndpoint
	for len(args) > 0 && strings.HasPrefix(args[0], "-") {
		switch {
		case strings.HasPrefix(args[0], "--runtime-endpoint="):
			endpoint = strings.TrimPrefix(args[0], "--runtime-endpoint=")
		case (args[0] == "--runtime-endpoint" || args[0] == "-r") && len(args) > 1:
			endpoint = args[1]
			args = args[1:]
		}
		args = args[1:]
	}
	if len(args) == 0 {
		fail("usage: crictl [--runtime-endpoint ENDPOINT] ps|images|version (the lab's minimal CRI client)")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	conn, err := grpc.NewClient(endpoint, grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		fail(fmt.Sprintf("connect %s: %v", endpoint, err))
	}
	defer conn.Close()
	runtime := runtimeapi.NewRuntimeServiceClient(conn)
	images := runtimeapi.NewImageServiceClient(conn)
	out := tabwriter.NewWriter(os.Stdout, 0, 4, 3, ' ', 0)
	defer out.Flush()
	switch args[0] {
	case "ps":
		resp, err := runtime.ListContainers(ctx, &runtimeapi.ListContainersRequest{})
		if err != nil {
			fail(fmt.Sprintf("list containers: %v", err))
		}
		fmt.Fprintln(out, "CONTAINER\tIMAGE\tSTATE\tNAME\tPOD ID")
		for _, c := range resp.Containers {
			fmt.Fprintf(out, "%.13s\t%s\t%s\t%s\t%.13s\n", c.Id, c.Image.GetImage(), c.State, c.Metadata.GetName(), c.PodSandboxId)
		}
	case "images":
		resp, err := images.ListImages(ctx, &runtimeapi.ListImagesRequest{})
		if err != nil {
			fail(fmt.Sprintf("list images: %v", err))
		}
		fmt.Fprintln(out, "IMAGE\tIMAGE ID")
		for _, i := range resp.Images {
			for _, tag := range i.RepoTags {
				fmt.Fprintf(out, "%s\t%.19s\n", tag, i.Id)
			}
		}
	case "version":
		resp, err := runtime.Version(ctx, &runtimeapi.VersionRequest{})
		if err != nil {
			fail(fmt.Sprintf("version: %v", err))
		}
		fmt.Fprintf(out, "RuntimeName:\t%s\nRuntimeVersion:\t%s\nRuntimeApiVersion:\t%s\n", resp.RuntimeName, resp.RuntimeVersion, resp.RuntimeApiVersion)
	default:
		fail(fmt.Sprintf("crictl %s: the lab's minimal CRI client answers only ps, images and version", args[0]))
	}
}

func fail(msg string) {
	fmt.Fprintln(os.Stderr, "crictl:", msg)
	os.Exit(1)
}
