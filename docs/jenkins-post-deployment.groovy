// Jenkins → fivekeys without a plugin: a declarative pipeline whose `post` section records the
// deployment it just made through the native API (POST /api/v1/deployments, see docs/sources/native-api.md).
//
// Needs: a "Secret text" credential `fivekeys-token` holding a token with the ingest scope
// (fivekeys token create --name jenkins --scopes ingest), FIVEKEYS_URL below, curl on the agent
// and GNU date (Linux agents). Written for the Groovy sandbox (times come from `date`, JSON from
// JsonOutput.toJson); should your Jenkins still ask, approve the call in Manage Jenkins › In-process
// Script Approval.
//
// What it sends:
//   id           BUILD_URL, unique per build: a re-run of the post step is a duplicate, not a
//                second deployment.
//   service      the service this job deploys (SERVICE below).
//   environment  the ENVIRONMENT build parameter, else production.
//   status       success, or failure for a failed or unstable build; an aborted build sends
//                nothing (it decided nothing).
//   started_at   when the build started; finished_at: when the post step ran.
//   version      the VERSION build parameter, when there is one.
//   repository, commit  GIT_URL and GIT_COMMIT, set by the checkout of a "Pipeline from SCM" job;
//                fivekeys walks the Git range from the previous deployment's commit to this one.
//   url          BUILD_URL (set once Jenkins' root URL is configured): the evidence links the build.
// Fields without a value are left out: the API refuses empty strings.

def recordDeployment(String status) {
    def startedAt = sh(
        script: "date -u -d @\$(( ${currentBuild.startTimeInMillis} / 1000 )) +%Y-%m-%dT%H:%M:%SZ",
        returnStdout: true
    ).trim()
    def finishedAt = sh(script: 'date -u +%Y-%m-%dT%H:%M:%SZ', returnStdout: true).trim()
    def deployment = [
        id         : env.BUILD_URL,
        service    : env.SERVICE,
        environment: params.ENVIRONMENT ?: 'production',
        status     : status,
        started_at : startedAt,
        finished_at: finishedAt,
        version    : params.VERSION,
        repository : env.GIT_URL,
        commit     : env.GIT_COMMIT,
        url        : env.BUILD_URL
    ].findAll { key, value -> value }
    writeFile file: 'fivekeys-deployment.json', text: groovy.json.JsonOutput.toJson(deployment)
    withCredentials([string(credentialsId: 'fivekeys-token', variable: 'FIVEKEYS_TOKEN')]) {
        // Single quotes: the shell, not Groovy, expands the token, so it stays out of the build log.
        // A fivekeys outage must not fail the deployment: report it and carry on.
        sh '''
            curl --fail --silent --show-error --retry 3 \
                -X POST "$FIVEKEYS_URL/api/v1/deployments" \
                -H "Authorization: Bearer $FIVEKEYS_TOKEN" \
                -H 'Content-Type: application/json' \
                --data-binary @fivekeys-deployment.json \
            || echo 'fivekeys: the deployment was not recorded'
        '''
    }
}

pipeline {
    agent any
    parameters {
        choice(name: 'ENVIRONMENT', choices: ['production', 'staging'], description: 'Where to deploy')
        string(name: 'VERSION', defaultValue: '', description: 'The version to deploy')
    }
    environment {
        SERVICE = 'checkout'
        FIVEKEYS_URL = 'https://fivekeys.example.com'
    }
    stages {
        stage('Deploy') {
            steps {
                sh './deploy.sh "$ENVIRONMENT" "$VERSION"'
            }
        }
    }
    post {
        success { recordDeployment('success') }
        unstable { recordDeployment('failure') }
        failure { recordDeployment('failure') }
    }
}
